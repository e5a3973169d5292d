// Types for two aws-sdk v2 internals the tests use to validate generated inputs against AWS's API models.
declare module "aws-sdk/lib/model/api" {
  /** A parsed AWS API model (`apis/<service>-<version>.min.json`). */
  class Api {
    constructor(model: object);
    operations: Record<string, { input: object }>;
  }
  export = Api;
}
