// The model registry over HTTP (served by the Strategy Engine): list, show, compare, promotion history; register, promote and roll back (admin).
import { AtsError, InvalidInputError } from '@ats/core';
import { loadModel } from '@ats/ml';
import type { ModelVersion, SqlModelRegistryStore } from '@ats/persistence';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' } as const;
const version = { type: 'integer', minimum: 1, maximum: 2_147_483_647 } as const;
const reason = { type: 'string', minLength: 1, maxLength: 500 } as const;

const nameParams = {
  type: 'object',
  properties: { name },
  required: ['name'],
  additionalProperties: false,
} as const;
const versionParams = {
  type: 'object',
  properties: { name, version },
  required: ['name', 'version'],
  additionalProperties: false,
} as const;

interface NameParams {
  name: string;
}
interface VersionParams extends NameParams {
  version: number;
}

function operatorOf(request: FastifyRequest): string {
  return `${request.principal.kind}:${request.principal.id}`;
}

async function existing(
  store: SqlModelRegistryStore,
  modelName: string,
  modelVersion: number,
): Promise<ModelVersion> {
  const found = await store.get(modelName, modelVersion);
  if (!found) throw new AtsError('NOT_FOUND', `model ${modelName} version ${modelVersion} does not exist`);
  return found;
}

/** Two versions' metrics side by side, with b − a for each metric both have. */
export function compareVersions(a: ModelVersion, b: ModelVersion) {
  const metrics: Record<string, { a: number | null; b: number | null; difference: number | null }> = {};
  for (const key of new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])) {
    const left = a.metrics[key] ?? null;
    const right = b.metrics[key] ?? null;
    metrics[key] = { a: left, b: right, difference: left !== null && right !== null ? right - left : null };
  }
  return {
    name: a.name,
    a: {
      version: a.version,
      kind: a.kind,
      status: a.status,
      parameters: a.parameters,
      trainingFrom: a.trainingFrom,
      trainingTo: a.trainingTo,
    },
    b: {
      version: b.version,
      kind: b.kind,
      status: b.status,
      parameters: b.parameters,
      trainingFrom: b.trainingFrom,
      trainingTo: b.trainingTo,
    },
    sameFeatures: JSON.stringify(a.features) === JSON.stringify(b.features),
    metrics,
  };
}

const registerBody = {
  type: 'object',
  properties: {
    name,
    kind: { type: 'string', minLength: 1, maxLength: 50 },
    task: { type: 'string', enum: ['classification', 'regression'] },
    features: { type: 'array', maxItems: 500 },
    parameters: { type: 'object' },
    horizonBars: { type: 'integer', minimum: 1, maximum: 100_000 },
    symbols: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Z0-9.^/-]{1,20}$' },
      minItems: 1,
      maxItems: 1000,
    },
    trainingFrom: { type: 'integer', minimum: 0 },
    trainingTo: { type: 'integer', minimum: 0 },
    metrics: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
    columns: { type: 'integer', minimum: 1, maximum: 100_000 },
    contextRows: { type: 'integer', minimum: 1, maximum: 100_000 },
    artifact: { type: 'string', minLength: 1, contentEncoding: 'base64' },
  },
  required: [
    'name',
    'kind',
    'task',
    'features',
    'parameters',
    'horizonBars',
    'symbols',
    'trainingFrom',
    'trainingTo',
    'metrics',
    'columns',
    'contextRows',
    'artifact',
  ],
  additionalProperties: false,
} as const;

interface RegisterBody {
  name: string;
  kind: string;
  task: 'classification' | 'regression';
  features: unknown[];
  parameters: Record<string, unknown>;
  horizonBars: number;
  symbols: string[];
  trainingFrom: number;
  trainingTo: number;
  metrics: Record<string, number | null>;
  columns: number;
  contextRows: number;
  artifact: string;
}

/** A model's artifact must load as the kind it claims, reading the columns it claims: what would not load is never stored. */
async function checkedArtifact(body: RegisterBody): Promise<Uint8Array> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.artifact)) throw new InvalidInputError('artifact', 'is not base64');
  const payload = new Uint8Array(Buffer.from(body.artifact, 'base64'));
  let model: Awaited<ReturnType<typeof loadModel>>;
  try {
    model = await loadModel({
      kind: body.kind,
      task: body.task,
      columns: body.columns,
      contextRows: body.contextRows,
      payload,
    });
  } catch (error) {
    throw new InvalidInputError(
      'artifact',
      `does not load as a ${body.kind} model: ${(error as Error).message}`,
    );
  }
  model.dispose();
  return payload;
}

export function registerModelRoutes(app: FastifyInstance, store: SqlModelRegistryStore): void {
  app.post<{ Body: RegisterBody }>(
    '/models',
    // Artifacts of large forests run to megabytes.
    { config: { permission: 'admin' }, bodyLimit: 64 * 1024 * 1024, schema: { body: registerBody } },
    async (request, reply) => {
      const artifact = await checkedArtifact(request.body);
      const { artifact: _text, ...description } = request.body;
      reply.code(201);
      return store.register({ ...description, artifact });
    },
  );
  app.get<{ Querystring: { name?: string } }>(
    '/models',
    {
      config: { permission: 'read' },
      schema: { querystring: { type: 'object', properties: { name }, additionalProperties: false } },
    },
    async (request) => ({ models: await store.list(request.query.name) }),
  );
  app.get<{ Params: VersionParams }>(
    '/models/:name/versions/:version',
    { config: { permission: 'read' }, schema: { params: versionParams } },
    async (request) => existing(store, request.params.name, request.params.version),
  );
  app.get<{ Params: NameParams; Querystring: { a: number; b: number } }>(
    '/models/:name/compare',
    {
      config: { permission: 'read' },
      schema: {
        params: nameParams,
        querystring: {
          type: 'object',
          properties: { a: version, b: version },
          required: ['a', 'b'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      compareVersions(
        await existing(store, request.params.name, request.query.a),
        await existing(store, request.params.name, request.query.b),
      ),
  );
  app.get<{ Params: NameParams }>(
    '/models/:name/promotions',
    { config: { permission: 'read' }, schema: { params: nameParams } },
    async (request) => ({ promotions: await store.promotions(request.params.name) }),
  );
  app.post<{ Params: NameParams; Body: { version: number; reason: string } }>(
    '/models/:name/promote',
    {
      config: { permission: 'admin' },
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          properties: { version, reason },
          required: ['version', 'reason'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      store.promote(request.params.name, request.body.version, operatorOf(request), request.body.reason),
  );
  app.post<{ Params: NameParams; Body: { reason: string } }>(
    '/models/:name/rollback',
    {
      config: { permission: 'admin' },
      schema: {
        params: nameParams,
        body: { type: 'object', properties: { reason }, required: ['reason'], additionalProperties: false },
      },
    },
    async (request) => store.rollback(request.params.name, operatorOf(request), request.body.reason),
  );
}
