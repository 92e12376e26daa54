import Foundation
import Hummingbird
import Prometheus
import StewardStore

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`: no sign-in needed.
struct ServiceRoutes {
    let store: Store
    let index: DecisionIndex
    let metrics: PrometheusCollectorRegistry

    func register(on routes: APIRoutes) {
        let router = routes.anyone
        router.get("/healthz") { _, _ in JSONResponse(["status": "ok"]) }
        router.get("/readyz", use: ready)
        router.get("/metrics", use: prometheus)
        router.get("/openapi.json", use: openAPI)
    }

    /// Ready when the database answers, is migrated, and the decision index is current and whole: a balancer
    /// stops sending checks to an instance that would have to refuse them.
    @Sendable func ready(_ request: Request, context: AppContext) async throws -> Response {
        let migrated = (try? await store.isMigrated()) ?? false
        let health = index.health
        let problem: String? =
            if !migrated { "database unreachable or not migrated" }
            else if health.behind { "the decision index cannot read the change feed" }
            else if !health.unreadable.isEmpty { "the decision index cannot read \(health.unreadable.count) stored record(s); the log names them" }
            else { nil }
        let body = ["status": problem ?? "ready"]
        return try JSONResponse(body, status: problem == nil ? .ok : .serviceUnavailable).response(from: request, context: context)
    }

    @Sendable func prometheus(_ request: Request, context: AppContext) async throws -> Response {
        let health = index.health
        metrics.makeGauge(name: "steward_index_unreadable_records").set(to: Double(health.unreadable.count))
        metrics.makeGauge(name: "steward_index_ready").set(to: health.ready ? 1 : 0)
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
