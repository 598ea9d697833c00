// Writes fixtures/logistic-4.onnx: a logistic model with known weights, encoded by hand in ONNX's protobuf
// schema (onnx/onnx.proto field numbers), so the ONNX import can be checked against its source exactly.
// Rerun: node packages/ml/scripts/write-logistic-onnx.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The source model: p = sigmoid(x · weights + bias). Binary fractions, exact in float32.
export const weights = [0.75, -1.25, 0.5, 2.0];
export const bias = -0.125;

// Protobuf wire format: varint (type 0), length-delimited (type 2), 32-bit (type 5).
function varint(value) {
  const bytes = [];
  let rest = BigInt(value);
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0n);
  return bytes;
}
const key = (field, type) => varint((field << 3) | type);
const int = (field, value) => [...key(field, 0), ...varint(value)];
const bytes = (field, content) => [...key(field, 2), ...varint(content.length), ...content];
const text = (field, value) => bytes(field, [...new TextEncoder().encode(value)]);
const floats = (values) => [...new Uint8Array(Float32Array.from(values).buffer)];

const FLOAT = 1; // TensorProto.DataType.FLOAT

// TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
const tensor = (name, dims, values) => [
  ...dims.flatMap((dim) => int(1, dim)),
  ...int(2, FLOAT),
  ...text(8, name),
  ...bytes(9, floats(values)),
];
// TensorShapeProto.Dimension: dim_value = 1, dim_param = 2.
const dimension = (value) => (typeof value === 'string' ? text(2, value) : int(1, value));
// ValueInfoProto: name = 1, type = 2; TypeProto: tensor_type = 1; Tensor: elem_type = 1, shape = 2; Shape: dim = 1.
const valueInfo = (name, dims) => [
  ...text(1, name),
  ...bytes(
    2,
    bytes(1, [
      ...int(1, FLOAT),
      ...bytes(
        2,
        dims.flatMap((dim) => bytes(1, dimension(dim))),
      ),
    ]),
  ),
];
// NodeProto: input = 1, output = 2, name = 3, op_type = 4.
const node = (name, op, inputs, outputs) => [
  ...inputs.flatMap((input) => text(1, input)),
  ...outputs.flatMap((output) => text(2, output)),
  ...text(3, name),
  ...text(4, op),
];

// GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
const graph = [
  ...bytes(1, node('matmul', 'MatMul', ['features', 'weights'], ['linear'])),
  ...bytes(1, node('add', 'Add', ['linear', 'bias'], ['logit'])),
  ...bytes(1, node('sigmoid', 'Sigmoid', ['logit'], ['probability'])),
  ...text(2, 'logistic-4'),
  ...bytes(5, tensor('weights', [4, 1], weights)),
  ...bytes(5, tensor('bias', [1], [bias])),
  ...bytes(11, valueInfo('features', ['rows', 4])),
  ...bytes(12, valueInfo('probability', ['rows', 1])),
];
// ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2).
const model = [
  ...int(1, 8),
  ...text(2, 'ats-ml-fixture'),
  ...bytes(7, graph),
  ...bytes(8, [...text(1, ''), ...int(2, 13)]),
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../fixtures/logistic-4.onnx', import.meta.url));
  writeFileSync(path, Uint8Array.from(model));
  console.log(`wrote ${path} (${model.length} bytes)`);
}
