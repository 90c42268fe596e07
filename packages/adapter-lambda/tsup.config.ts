import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig(packageBuild({ index: 'src/index.ts', testing: 'src/testing.ts' }, ['@aws-sdk/client-sqs']));
