# Parapet gateway image: dependencies installed in a build stage, a slim non-root runtime.
# node-llama-cpp and better-sqlite3 ship prebuilt binaries for linux-x64/arm64 through npm.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

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
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY policies ./policies
# Keys, the audit database and pulled models live on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/parapet.js", "serve"]
