// A worker script that exits before answering (spawn.test.ts).
process.exit(3);
