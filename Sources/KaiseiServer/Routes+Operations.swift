import Hummingbird
import KaiseiCore
import Counter

/// Health, readiness, metrics and the API description: no session, no personal data.
struct OperationsRoutes {
    let counter: CounterService

    func register(on router: Router<AppContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ in
            guard let v = counter.state.view else {
                throw Problem(.serviceUnavailable, "Starting", "the service is still replaying the store")
            }
            return API.json(.object([("ready", .bool(true)), ("watermark", .integer(v.head.seq)), ("read_only", .bool(counter.readOnly)),
                                     ("current_to", .string(v.head.recordedAt.description))]))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: KaiseiMetrics.registry.emitToBuffer())))
        }
        router.get("/openapi.json") { _, _ in API.json(OpenAPIDocument.document) }
    }
}
