# The image the deploy workflow pushes to ECR: the sample service in image/ (replace it with yours).
#
# The base image comes from ECR Public's mirror of the Docker "library" images, which has no
# Docker Hub pull rate limits. Override it with --build-arg BASE_IMAGE=… (a mirror, a digest-pinned
# reference, or a local image in tests). The build needs nothing from the base except `node` on
# PATH: no RUN step, no package manager, no shell, so any image with a node binary works.
#
# One stage on purpose: the service has no dependencies and nothing to compile, so a build stage
# would copy the same files twice. Add one (FROM … AS build + COPY --from=build) when the app
# gets a build step or npm dependencies.
ARG BASE_IMAGE=public.ecr.aws/docker/library/node:24-alpine

FROM ${BASE_IMAGE}

# Re-declared so the label below can name the base (global ARGs are not visible inside a stage).
ARG BASE_IMAGE

WORKDIR /app

# Owned by root: the service user can read its code but a compromised process cannot rewrite it.
COPY --chown=0:0 image/ /app/

# A numeric user and group that needs no /etc/passwd entry (so no adduser in the base), and that
# Kubernetes' runAsNonRoot can verify.
USER 10001:10001

ENV NODE_ENV=production \
    PORT=8080

EXPOSE 8080

# Runs inside the container with node itself; the base has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "/app/healthcheck.js"]

# Exec form: node is PID 1 and receives SIGTERM itself; server.js exits 0 on it.
STOPSIGNAL SIGTERM
CMD ["node", "/app/server.js"]

# Last, because it changes on every commit: the layers above stay cached from one push to the
# next (ENV and LABEL add no layers). The workflow passes the full commit SHA.
ARG APP_VERSION=dev
ENV APP_VERSION=${APP_VERSION}
LABEL org.opencontainers.image.title="github-oidc-ecr sample service" \
      org.opencontainers.image.description="Sample HTTP service deployed by the github-oidc-ecr workflow" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${APP_VERSION}" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"
