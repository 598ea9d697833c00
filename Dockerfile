# ATS: one image for every service; the command chooses which (`service trade-executor`, `start
# --distributed`, `backup`, ...). Built in two stages: the build stage compiles the TypeScript
# projects; the runtime stage carries only the compiled output and the production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY apps ./apps
COPY bench ./bench
COPY test ./test
# --ignore-scripts: `prepare` (the full build and the embedded store template) is not wanted here;
# containers run on PostgreSQL, so only the command-line program and what it imports are built, and the
# web dashboard's bundle (apps/dashboard/dist), which the gateway (`service gateway`) serves.
RUN npm install --no-audit --no-fund --ignore-scripts \
  && npx tsc -b apps/cli \
  && npm run bundle -w @ats/cli \
  && npm run build -w @ats/dashboard \
  && npm prune --omit=dev --ignore-scripts \
  && rm -rf test bench packages/*/src packages/adapters/*/src apps/*/src

FROM node:20-bookworm-slim AS runtime
# pg_dump, pg_restore and pg_basebackup for `ats backup` and `ats dr`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=node:node /app /app
COPY config ./config
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "/app/apps/cli/dist/main.cjs"]
CMD ["start", "--distributed"]
