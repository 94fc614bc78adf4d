// Loads a TensorFlow.js model.json and its shards with plain @tensorflow/tfjs (the custom IOHandler of
// model-formats §4.6) and prints every weight of the model: originalName, dtype, shape and the hex of its bytes.
// Usage: NODE_PATH=<node_modules holding @tensorflow/tfjs 4.22> node load_weights.js <model.json>
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main(p) {
  const handler = {
    load: async () => {
      const mj = JSON.parse(fs.readFileSync(p, 'utf8'));
      const dir = path.dirname(p);
      const bufs = [];
      for (const g of mj.weightsManifest) {
        for (const f of g.paths) {
          const b = fs.readFileSync(path.join(dir, f));
          bufs.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        }
      }
      return tf.io.getModelArtifactsForJSON(mj, async m => [tf.io.getWeightSpecs(m), tf.io.concatenateArrayBuffers(bufs)]);
    },
  };
  const model = await tf.loadLayersModel(handler);
  for (const w of model.weights) {
    const v = w.read();
    const data = v.dataSync();
    const hex = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
    console.log(['W', w.originalName, v.dtype, JSON.stringify(v.shape), hex].join(' '));
  }
  console.log('OK ' + model.weights.length);
}

main(process.argv[2]).catch(e => { console.error('ERROR ' + (e && e.stack || e)); process.exit(1); });
