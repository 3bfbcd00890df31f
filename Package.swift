// swift-tools-version: 6.0
// The architecture, read from the dependency graph: KaiseiCore (pure values) ← KaiseiEvents
// (the event vocabulary and its encodings) ← EventStore (SQLite, hash chain, import) ← KaiseiCLI.
import PackageDescription

let package = Package(
    name: "Kaisei",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kaisei", targets: ["kaisei"]),
        .executable(name: "kaisei-bench", targets: ["kaisei-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Revision files are YAML (comments allowed, readable at a change-control meeting).
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // SHA-256 for the hash chain, fingerprints and snapshots: BoringSSL's, with the CPU's
        // SHA extensions where present (measured against the hand-written one: docs/performance.md).
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // The counter service (kaisei serve): Hummingbird 2's HTTP server and router, bcrypt for
        // staff passwords from hummingbird-auth, and Prometheus exposition of swift-metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // Already in Hummingbird's graph; named here because the service uses their APIs directly.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The shared cloud's event store: PostgreSQL through postgres-nio (EventStore/Postgres).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // TLS to a PostgreSQL server on another host (already in postgres-nio's graph).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        // System libraries from Debian: libsqlite3-dev (event store) and liblz4-dev (snapshots).
        .systemLibrary(name: "CKaiseiSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CKaiseiLZ4", pkgConfig: "liblz4",
                       providers: [.apt(["liblz4-dev"])]),

        // Yen, civil dates, recorded time, cities, SHA-256, JSON: pure values, no I/O.
        .target(name: "KaiseiCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Every event type, its fields, validation, binary and canonical JSON encodings.
        .target(name: "KaiseiEvents", dependencies: ["KaiseiCore"]),
        // The append-only, hash-chained SQLite event store and JSONL import/export.
        // The same contract on PostgreSQL (postgres-nio) for the shared cloud.
        .target(name: "EventStore", dependencies: ["KaiseiCore", "KaiseiEvents", "CKaiseiSQLite", "CKaiseiLZ4",
                                                   .product(name: "PostgresNIO", package: "postgres-nio"),
                                                   .product(name: "NIOSSL", package: "swift-nio-ssl")]),
        // Law as versioned data (revisions/) and the pure calculators that read it.
        .target(name: "Law", dependencies: ["KaiseiCore", .product(name: "Yams", package: "Yams")]),
        // The synthetic two-city population (kaisei generate); its tables live in tools/population/.
        .target(name: "Synthetic", dependencies: ["KaiseiCore", "KaiseiEvents", "Law", "Replay", "Assessment"]),
        // Folding events into per-subject state with its valid-time history, and assessing from it.
        .target(name: "Replay", dependencies: ["KaiseiCore", "KaiseiEvents", "Law"]),
        // The assessment stage: which levies each subject bears for a fiscal year, on which 賦課期日,
        // billed to whom, as one `Levy` value from one `Assessor`; summaries, levy lines,
        // comparisons and explanations are folds over it.
        .target(name: "Assessment", dependencies: ["KaiseiCore", "KaiseiEvents", "Law", "Replay"]),
        // LZ4 snapshots of the replayed state (a cache: replay starts from the newest usable one).
        .target(name: "Snapshots", dependencies: ["KaiseiCore", "KaiseiEvents", "EventStore", "Replay", "CKaiseiLZ4"]),
        // 所得・課税証明書, 非課税証明書, 納税証明書, 継続検査用: content, fingerprint, A4 HTML, verification.
        .target(name: "Certificates", dependencies: ["KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Snapshots"]),
        // Draft law over the whole population: before/after comparison, side-by-side explanation, the meeting's report.
        .target(name: "Simulation", dependencies: ["KaiseiCore", "KaiseiEvents", "Law", "Replay", "Assessment"]),
        // The counter's workflows without HTTP: staff and sessions, the one city gate, 宛名 search,
        // a resident's levies with their corrections, the audit trail. The service and the CLI
        // call these; tests call them directly.
        .target(name: "Counter", dependencies: [
            "KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Snapshots", "Certificates", "Simulation",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // `kaisei serve`: routes, middleware (session, city gate, audit, problem+json, metrics), OpenAPI.
        .target(name: "KaiseiServer", dependencies: [
            "KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Certificates", "Simulation", "Counter",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // The `kaisei` commands, as a library so tests can run them in-process.
        .target(name: "KaiseiCLI", dependencies: [
            "KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Synthetic", "Snapshots", "Certificates", "Simulation",
            "Counter", "KaiseiServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kaisei", dependencies: ["KaiseiCLI"]),
        // Release-mode benchmarks; built by `swift build` too, but they depend on nothing extra.
        .executableTarget(name: "kaisei-bench", dependencies: [.product(name: "Crypto", package: "swift-crypto"), "KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Synthetic", "Snapshots", "Certificates", "Simulation", "TestSupport"]),
        // Helpers shared by tests and benchmarks (temporary stores, event factories). Not a test target.
        .target(name: "TestSupport", dependencies: ["KaiseiCore", "KaiseiEvents", "EventStore", "Law", "Replay", "Assessment", "Synthetic", "Snapshots"]),

        .testTarget(name: "KaiseiCoreTests", dependencies: ["KaiseiCore"]),
        .testTarget(name: "KaiseiEventsTests", dependencies: ["KaiseiEvents", "TestSupport"], exclude: ["field-order.txt"]),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "TestSupport"]),
        .testTarget(name: "LawTests", dependencies: ["Law", "Replay", "TestSupport"], resources: [.copy("Cases"), .copy("BadRevisions")]),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Replay", "Assessment", "EventStore", "TestSupport"]),
        .testTarget(name: "SnapshotTests", dependencies: ["Snapshots", "Replay", "EventStore", "Synthetic", "TestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Replay", "Assessment", "Synthetic", "TestSupport"]),
        .testTarget(name: "CounterTests", dependencies: ["Counter", "KaiseiServer", "KaiseiCLI", "TestSupport"]),
        .testTarget(name: "KaiseiCLITests", dependencies: ["KaiseiCLI", "TestSupport"],
                    resources: [.copy("Fixtures"), .copy("Golden")]),
    ]
)
