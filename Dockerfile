# Parapet gateway image: dependencies installed and the CLI compiled in a build stage, a slim
# non-root runtime. node-llama-cpp and better-sqlite3 ship prebuilt binaries for linux-x64/arm64
# through npm. `npm ci` compiles src/ to dist/ (its `prepare` script needs the dev dependencies),
# then the dev dependencies are pruned before node_modules is copied.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts/build-finish.ts ./scripts/
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PARAPET_HOST=0.0.0.0 \
    PARAPET_PORT=8080 \
    PARAPET_POLICIES=/app/policies \
    PARAPET_KEYS=/data/keys.json \
    PARAPET_REVIEWERS=/data/reviewers.json \
    PARAPET_AUDIT=sqlite:/data/audit.sqlite \
    PARAPET_MODEL_DIR=/data/models
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# The bundled classifiers and the PII gazetteers: the shipped policies fail closed without them.
COPY models ./models
COPY policies ./policies
# Keys, the audit database and pulled models live on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/parapet.js", "serve"]
