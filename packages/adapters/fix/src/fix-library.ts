// The one door to jspurefix: reflect-metadata must be loaded before it (its dependency injection
// container, tsyringe, needs the polyfill when jspurefix's modules are evaluated).
import 'reflect-metadata';

export type {
  IFixMsgStoreRecord,
  IFixSessionStore,
  IFixSessionStoreFactory,
  IJsFixConfig,
  ISessionDescription,
  MsgView,
} from 'jspurefix';
export {
  AsciiSession,
  DITokens,
  EmptyLogFactory,
  MsgTag,
  MsgTransport,
  MsgType,
  SessionContainer,
  SessionId,
  TcpDuplex,
} from 'jspurefix';
