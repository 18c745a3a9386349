// Cold start (bare): process start -> import -> first request answered.
// BENCH_BASE_URL and BENCH_ID name the server and the account to retrieve.
const baseURL = process.env.BENCH_BASE_URL;
const id = process.env.BENCH_ID;
const imported0 = performance.now();
const imported = performance.now();
const res = await fetch(`${baseURL}/managed_accounts/${id}`, { headers: { Authorization: 'Bearer bench-key' } });
const account = await res.json();
if (account.data.id !== id) throw new Error('wrong account');
const answered = performance.now();
// performance.now() counts from the process's time origin, so `answered` is start -> first answer.
if (process.env.BENCH_REPORT) console.log(JSON.stringify({ import: imported - imported0, answered }));
process.exit(0);
