// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "KeHoach",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kehoach", targets: ["kehoach"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Background work (reminders, mail) as services of the application, stopped with the server: Hummingbird's own.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // TLS for the mail relay (STARTTLS, implicit TLS): already built for PostgresNIO.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Operations: metrics through swift-metrics' API, kept and written out in Prometheus' text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Tests only: the OpenAPI document is read and validated by OpenAPIKit (no external loading: a faster build).
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    ],
    targets: [
        // Pure domain: values, parsing of Vietnamese numbers, targets, deadlines, agency names.
        .target(name: "KeHoachCore", swiftSettings: strict),
        // Document readers: plan documents (text, PDF-extracted text, tab tables, bullets, JSON) -> Core values.
        .target(name: "KeHoachImport", dependencies: ["KeHoachCore", "KeHoachReports"], swiftSettings: strict),
        // Storage: the Store protocol written once over a small SQL interface, run on SQLite (GRDB) or
        // PostgreSQL (PostgresNIO); migrations, directory data.
        .target(
            name: "KeHoachStore",
            dependencies: [
                "KeHoachCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Mail to the province's relay: a small SMTP client on SwiftNIO (STARTTLS, TLS, AUTH PLAIN).
        .target(
            name: "KeHoachMail",
            dependencies: [
                "KeHoachCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Generated data for the demonstration and the bench (`kehoach demo`): a province of 100 agencies with three
        // years of reports, and the national scale; through the store's public paths (bulk writes at national scale).
        .target(name: "KeHoachDemo", dependencies: ["KeHoachCore", "KeHoachStore"], swiftSettings: strict),
        // Documents written and read: XLSX report forms (OOXML through ZIPFoundation); later DOCX reports.
        .target(
            name: "KeHoachReports",
            dependencies: ["KeHoachCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // The use cases between the store and its users (web, command line): evaluation and its cache, report
        // submission, the documents written from a plan's reports, accounts and the first start. Password hashing with
        // hummingbird-auth's bcrypt (no server in it); the importer for the first start's seed plans.
        .target(name: "KeHoachApp", dependencies: ["KeHoachCore", "KeHoachImport", "KeHoachStore", "KeHoachReports", "KeHoachDemo",
                                                   .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                                                   .product(name: "CoreMetrics", package: "swift-metrics")], swiftSettings: strict),
        // The web application: one composition root, controllers per feature, templates, JSON API.
        .target(
            name: "KeHoachWeb",
            dependencies: [
                "KeHoachCore", "KeHoachImport", "KeHoachStore", "KeHoachReports", "KeHoachApp", "KeHoachMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // Multipart bodies (uploads): multipart-kit's parser; NIOHTTP1 for the part headers it gives.
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // gzip of pages and JSON for clients that accept it (zlib through compress-nio).
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // Page templates, the style sheet and the OpenAPI description: read once at start (WebResources).
            resources: [.copy("Resources/templates"), .copy("Resources/static"), .copy("Resources/openapi.json")],
            swiftSettings: strict
        ),
        // The command-line tool: argument parsing only.
        .executableTarget(
            name: "kehoach",
            dependencies: [
                "KeHoachCore", "KeHoachImport", "KeHoachStore", "KeHoachWeb", "KeHoachReports", "KeHoachApp", "KeHoachDemo", "KeHoachMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The bench's calibrations: bare durable commits (GRDB) and a fixed page rendered by swift-mustache (a
                // yardstick that does not move when our own renderer, TemplateEngine, does).
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // The trust suite's fuzzer: the importer's readers and the workbook reader given damaged documents for a set time.
        .executableTarget(
            name: "kehoach-fuzz",
            dependencies: ["KeHoachCore", "KeHoachImport", "KeHoachReports", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // What the test targets share: the seeds' location, temporary directories.
        .target(name: "KeHoachTestSupport", path: "Tests/KeHoachTestSupport", swiftSettings: strict),
        .testTarget(
            name: "KeHoachAppTests",
            dependencies: ["KeHoachApp", "KeHoachCore", "KeHoachImport", "KeHoachStore", "KeHoachTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachCoreTests",
            dependencies: ["KeHoachCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachImportTests",
            dependencies: ["KeHoachImport", "KeHoachCore", "KeHoachReports", "KeHoachTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachStoreTests",
            dependencies: ["KeHoachStore", "KeHoachCore", "KeHoachImport", "KeHoachTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachReportsTests",
            dependencies: ["KeHoachReports", "KeHoachCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachWebTests",
            dependencies: [
                "KeHoachWeb", "KeHoachApp", "KeHoachStore", "KeHoachCore", "KeHoachImport", "KeHoachReports", "KeHoachDemo", "KeHoachTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
