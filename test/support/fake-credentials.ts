/* Credentials of the shapes providers publish, made up for tests. */

// Built at run time, so the repository holds no string a secret scanner would take for a real key.
export const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
export const AWS = `AKIA${'IOSFODNN7EXAMPLE'}`;
export const OPENAI = `sk-proj-${'Q1w2E3r4T5y6'.repeat(3)}`;
export const GOOGLE = `AIza${'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q'}`;
export const PASSWORD = 'hunter2-but-longer';
