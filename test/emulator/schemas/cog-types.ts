/**
 * The shape of a Cog model's OpenAPI schema, as far as the emulator needs it. Cog writes one property per
 * `predict()` argument; enum arguments become `allOf: [{$ref}]` to a named enum schema under
 * components.schemas, and optional arguments without a default carry no `default` at all.
 */

export type CogScalarType = 'string' | 'integer' | 'number' | 'boolean';
export type CogDefault = string | number | boolean;

export interface CogProperty {
  type?: CogScalarType;
  title?: string;
  description: string;
  'x-order': number;
  default?: CogDefault;
  minimum?: number;
  maximum?: number;
  format?: 'uri';
  allOf?: [{ $ref: string }];
}

export interface CogEnumSchema {
  enum: string[];
  type: 'string';
  title: string;
  description: string;
}

export interface CogInputSchema {
  type: 'object';
  title: 'Input';
  required: string[];
  properties: Record<string, CogProperty>;
}

export interface CogOpenApiSchema {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, unknown>;
  components: {
    schemas: {
      Input: CogInputSchema;
      Output: { type: 'array'; items: { type: 'string'; format: 'uri' }; title: 'Output' };
      [name: string]: unknown;
    };
  };
}

/** The enum schema a property points at, or undefined for a plain property. */
export function enumOf(schema: CogOpenApiSchema, property: CogProperty): CogEnumSchema | undefined {
  const ref = property.allOf?.[0]?.$ref;
  if (!ref) return undefined;
  const name = ref.replace('#/components/schemas/', '');
  const target = schema.components.schemas[name] as CogEnumSchema | undefined;
  if (!target || !Array.isArray(target.enum)) throw new Error(`schema has a dangling $ref ${ref}`);
  return target;
}

/** Cog's `Output` for a predictor returning `List[Path]`. */
export const IMAGE_LIST_OUTPUT = {
  type: 'array',
  items: { type: 'string', format: 'uri' },
  title: 'Output',
} as const;

/**
 * Wraps an Input schema and its enums in the document Cog serves at /openapi.json (trimmed to the parts
 * a client reads: the prediction paths and the component schemas).
 */
export function cogOpenApiDocument(
  input: CogInputSchema,
  enums: Record<string, CogEnumSchema>,
): CogOpenApiSchema {
  return {
    openapi: '3.0.2',
    info: { title: 'Cog', version: '0.1.0' },
    paths: {
      '/predictions': {
        post: {
          summary: 'Predict',
          operationId: 'predict_predictions_post',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionRequest' } } } },
          responses: {
            '200': {
              description: 'Successful Response',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionResponse' } } },
            },
            '422': {
              description: 'Validation Error',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Input: input,
        Output: { ...IMAGE_LIST_OUTPUT, items: { ...IMAGE_LIST_OUTPUT.items } },
        ...enums,
        Status: {
          enum: ['starting', 'processing', 'succeeded', 'canceled', 'failed'],
          type: 'string',
          title: 'Status',
          description: 'An enumeration.',
        },
        WebhookEvent: {
          enum: ['start', 'output', 'logs', 'completed'],
          type: 'string',
          title: 'WebhookEvent',
          description: 'An enumeration.',
        },
        PredictionRequest: {
          type: 'object',
          title: 'PredictionRequest',
          properties: {
            id: { type: 'string', title: 'Id' },
            input: { $ref: '#/components/schemas/Input' },
            webhook: { type: 'string', title: 'Webhook', format: 'uri', maxLength: 65536, minLength: 1 },
            created_at: { type: 'string', title: 'Created At', format: 'date-time' },
            output_file_prefix: { type: 'string', title: 'Output File Prefix' },
            webhook_events_filter: {
              type: 'array',
              items: { $ref: '#/components/schemas/WebhookEvent' },
              default: ['start', 'output', 'logs', 'completed'],
            },
          },
        },
        PredictionResponse: {
          type: 'object',
          title: 'PredictionResponse',
          properties: {
            id: { type: 'string', title: 'Id' },
            logs: { type: 'string', title: 'Logs', default: '' },
            error: { type: 'string', title: 'Error' },
            input: { $ref: '#/components/schemas/Input' },
            output: { $ref: '#/components/schemas/Output' },
            status: { $ref: '#/components/schemas/Status' },
            metrics: { type: 'object', title: 'Metrics' },
            version: { type: 'string', title: 'Version' },
            created_at: { type: 'string', title: 'Created At', format: 'date-time' },
            started_at: { type: 'string', title: 'Started At', format: 'date-time' },
            completed_at: { type: 'string', title: 'Completed At', format: 'date-time' },
          },
        },
      },
    },
  };
}
