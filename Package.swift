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
    ],
    targets: [
        // Pure domain: values, parsing of Vietnamese numbers, targets, deadlines, agency names.
        .target(name: "KeHoachCore", swiftSettings: strict),
        // Document readers: plan documents (text, PDF-extracted text, tab tables, bullets, JSON) -> Core values.
        .target(name: "KeHoachImport", dependencies: ["KeHoachCore"], swiftSettings: strict),
        // The command-line tool: argument parsing only.
        .executableTarget(
            name: "kehoach",
            dependencies: [
                "KeHoachCore", "KeHoachImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachCoreTests",
            dependencies: ["KeHoachCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KeHoachImportTests",
            dependencies: ["KeHoachImport", "KeHoachCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
