import Hummingbird
import Prometheus

/// Counts requests and their durations by route pattern (never by raw path, which would explode cardinality).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2)]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            registry.makeCounter(name: "steward_http_requests_total", labels: labels).increment()
            registry.makeDurationHistogram(
                name: "steward_http_request_duration_seconds", labels: [("method", request.method.rawValue), ("route", route)],
                buckets: Self.buckets
            ).record(ContinuousClock.now - start)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
