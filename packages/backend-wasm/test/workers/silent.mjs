// A worker script that loads and stays alive but never answers (spawn.test.ts).
setInterval(() => {}, 1000);
