# The chokepoint binary in a small image, for compose.yaml. It talks to the
# Neo4j named by NEO4J_URI; it does not run the local server.
FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /web/static/dist web/static/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/chokepoint .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/chokepoint /chokepoint
EXPOSE 8080
ENTRYPOINT ["/chokepoint"]
CMD ["serve"]
