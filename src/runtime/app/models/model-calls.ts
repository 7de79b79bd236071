// models.describe: a Replicate model version read with the user's token and API root, answered as the
// entry a workflow stores and the node it makes (ports, params, and what would stop it from running).
import { modelNodeFor, summarizeDefinition } from '../../../engine';
import { describeModel } from '../../models/describe-model';
import { replicateModelReader } from '../../models/replicate-model-reader';
import { ProviderError } from '../../providers/errors';
import { AppFailure, type FailureCode } from '../app-failure';
import type { AppContext } from '../app-context';
import { NO_TOKEN_MESSAGE } from '../run/provider-for-settings';

export function modelCalls(ctx: AppContext) {
  return {
    'models.describe': async (request: { ref: string }) => {
      const token = await ctx.hooks.tokenStore.get();
      if (!token) throw new AppFailure(NO_TOKEN_MESSAGE, 'token');
      const { apiBaseUrl } = await ctx.settings.get();
      let described;
      try {
        described = await describeModel(request.ref, replicateModelReader({ token, baseUrl: apiBaseUrl, fetch: ctx.fetch }));
      } catch (error) {
        if (error instanceof ProviderError) throw new AppFailure(error.message, failureCodeOf(error));
        throw error;
      }
      const node = modelNodeFor(described.ref, { [described.ref]: described.entry });
      if ('problem' in node) throw new AppFailure(node.problem.message, 'bad-request');
      return {
        ref: described.ref,
        entry: described.entry,
        definition: {
          ...summarizeDefinition(node.definition),
          type: 'model' as const,
          problems: node.problems.map(({ severity, code, message }) => ({ severity, code, message })),
        },
      };
    },
  };
}

function failureCodeOf(error: ProviderError): FailureCode {
  switch (error.kind) {
    case 'auth':
      return 'token';
    case 'not-found':
      return 'not-found';
    case 'invalid-input':
      return 'bad-request';
    default:
      return 'io';
  }
}
