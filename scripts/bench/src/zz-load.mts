import { LoadGenerator } from './load-generator.js';
const [rate, seconds] = process.argv.slice(2).map(Number);
const generator = new LoadGenerator('http://127.0.0.1:3001');
const result = await generator.run(rate!, seconds! * 1000);
generator.close();
console.log(`accepted ${result.accepted.length}, errors ${JSON.stringify(result.errors)}`);
