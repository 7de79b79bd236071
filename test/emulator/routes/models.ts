/**
 * Model and version routes. GET /models/{owner}/{name}/versions/{id} is how a client reads a version's
 * OpenAPI schema.
 */
import { notFound } from '../api-errors';
import type { ModelVersion } from '../catalog';
import type { EmulatorContext } from '../context';
import { json, type Route } from '../http';

const NAME = '([^/]+)';

export function versionJson(version: ModelVersion) {
  return {
    id: version.id,
    created_at: version.created_at,
    cog_version: version.cog_version,
    openapi_schema: version.openapi_schema,
  };
}

function modelJson(versions: readonly ModelVersion[], latest: ModelVersion) {
  return {
    url: `https://replicate.com/${latest.owner}/${latest.name}`,
    owner: latest.owner,
    name: latest.name,
    description: latest.description,
    visibility: 'public',
    github_url: null,
    paper_url: null,
    license_url: null,
    run_count: versions.length * 1000,
    cover_image_url: null,
    default_example: null,
    latest_version: versionJson(latest),
  };
}

export function modelRoutes(context: EmulatorContext): Route[] {
  const route = (pattern: string, name: Route['name'], handle: Route['handle']): Route => ({
    method: 'GET',
    pattern: new RegExp(`^/v1${pattern}/?$`),
    name,
    auth: true,
    handle,
  });
  return [
    route(`/models/${NAME}/${NAME}`, 'models.get', (_request, [owner, name]) => {
      const versions = context.catalog.versionsOf(owner as string, name as string);
      const latest = context.catalog.latestVersionOf(owner as string, name as string);
      return latest ? json(200, modelJson(versions, latest)) : json(404, notFound());
    }),
    route(`/models/${NAME}/${NAME}/versions`, 'models.versions.list', (_request, [owner, name]) => {
      const versions = context.catalog.versionsOf(owner as string, name as string);
      if (versions.length === 0) return json(404, notFound());
      const newestFirst = [...versions].sort((a, b) => b.created_at.localeCompare(a.created_at));
      return json(200, { previous: null, next: null, results: newestFirst.map(versionJson) });
    }),
    route(`/models/${NAME}/${NAME}/versions/${NAME}`, 'models.versions.get', (_request, [owner, name, id]) => {
      const version = context.catalog.versionById(id as string);
      return version && version.owner === owner && version.name === name ? json(200, versionJson(version)) : json(404, notFound());
    }),
  ];
}
