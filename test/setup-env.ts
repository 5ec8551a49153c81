// Keep tests hermetic: CDK's built-in CloudFormation validation costs ~2 s per synth and is
// exercised on purpose by the tests that need it (they set CDK_VALIDATION themselves).
process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';
process.env.CDK_DISABLE_CLI_TELEMETRY = '1';
