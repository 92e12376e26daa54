import Foundation
import Hummingbird
import Prometheus
import StewardStore

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`: no sign-in needed.
struct ServiceRoutes {
    let store: Store
    let metrics: PrometheusCollectorRegistry

    func register(on router: Router<AppContext>) {
        router.get("/healthz") { _, _ in JSONResponse(["status": "ok"]) }
        router.get("/readyz", use: ready)
        router.get("/metrics", use: prometheus)
        router.get("/openapi.json", use: openAPI)
    }

    @Sendable func ready(_ request: Request, context: AppContext) async throws -> Response {
        let migrated = (try? await store.isMigrated()) ?? false
        let status: HTTPResponse.Status = migrated ? .ok : .serviceUnavailable
        let body = ["status": migrated ? "ready" : "database unreachable or not migrated"]
        return try JSONResponse(body, status: status).response(from: request, context: context)
    }

    @Sendable func prometheus(_ request: Request, context: AppContext) async throws -> Response {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    @Sendable func openAPI(_ request: Request, context: AppContext) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "static"),
              let data = try? Data(contentsOf: url)
        else { throw APIError(status: .internalServerError, detail: "the OpenAPI document is missing from this build") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
