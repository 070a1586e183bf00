import "ts-node/register/transpile-only";
