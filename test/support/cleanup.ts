// Runs in every test file: temporary directories are removed after the file's tests, also when they fail.
import { removeTempDirs } from './helpers';

afterAll(removeTempDirs);
