# syntax=docker/dockerfile:1
# Rekey's production image: one image, two roles. The web server (the default command, port 3000,
# metrics on METRICS_PORT) and the worker (compose.yaml's command) run from it, node as the
# process itself so SIGTERM reaches it; `prisma migrate deploy` runs from the `build` stage, which
# keeps the Prisma CLI (docs/production.md).

FROM node:20.19-bookworm-slim AS base
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 NEXT_TELEMETRY_DISABLED=1 COREPACK_HOME=/corepack
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate && chmod -R a+rX /corepack
WORKDIR /app

# Everything, dev dependencies included: installs, generates the Prisma client, builds Next.js.
FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @rekey/web build \
 && rm -rf apps/web/.next/cache

# Production dependencies only, from the same lockfile (scripts were run in `build`).
FROM base AS production-dependencies
COPY . .
RUN pnpm install --frozen-lockfile --prod --ignore-scripts

FROM base AS runtime
ENV NODE_ENV=production PORT=3000
COPY --from=production-dependencies --chown=node:node /app /app
COPY --from=build --chown=node:node /app/packages/core/src/generated /app/packages/core/src/generated
COPY --from=build --chown=node:node /app/apps/web/.next /app/apps/web/.next
USER node
WORKDIR /app/apps/web
EXPOSE 3000
# Liveness without curl in the image: node itself asks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "./server-register.mjs", "server.ts"]
