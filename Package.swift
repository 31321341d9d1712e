// swift-tools-version:6.1
import PackageDescription

/// Swift plugins are dynamic libraries loaded by `recond` through `recon_task.h`.
/// Each links ReconTaskKit statically; nothing Swift-typed crosses into the host.
let swiftPlugins: [(product: String, path: String)] = [
    ("ReconExampleSwiftCounter", "Plugins/Examples/SwiftCounter"),
    ("ReconNSSummary", "Plugins/NSSummary"),
    ("ReconFileSizeCount", "Plugins/FileSizeCount"),
    ("ReconContainerKeyMapper", "Plugins/ContainerKeyMapper"),
    ("ReconTableInsight", "Plugins/TableInsight"),
]

/// What the shipped plugins' test suites use: the runtime in-process over a simulated OM.
let pluginTestDependencies: [Target.Dependency] = [
    "ReconCore", "ReconEmbeddedOM", "OMSimulator", "OzoneFormat", "ReconRocksDB", "ReconTestSupport",
    "ReconPluginTestSupport", "ReconTaskKit",
]

let package = Package(
    name: "recon-swift",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "recond", targets: ["recond"]),
        .executable(name: "omsim", targets: ["omsim"]),
        .executable(name: "reconbench", targets: ["reconbench"]),
        .library(name: "ReconTaskKit", targets: ["ReconTaskKit"]),
    ] + swiftPlugins.map { .library(name: $0.product, type: .dynamic, targets: [$0.product]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // The plugin ABI: one header, no code.
        .target(name: "CReconTask", path: "Sources/CReconTask"),
        .systemLibrary(name: "CRocksDB", path: "Sources/CRocksDB", providers: [.apt(["librocksdb-dev"])]),
        // The RocksDB wrapper over the C API, shared by the kernel and the OM simulator.
        .target(name: "ReconRocksDB", dependencies: ["CRocksDB"]),
        .target(
            name: "OzoneFormat",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto"]
        ),
        .target(
            name: "ReconCore",
            dependencies: [
                "CReconTask", "ReconRocksDB", "OzoneFormat", "ReconToolchain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "ReconHTTP",
            dependencies: [
                "ReconCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(name: "ReconTaskKit", dependencies: ["CReconTask", "ReconToolchain"]),
        // The compiler version, shared by the host (to check Swift plugins) and the SDK.
        .target(name: "ReconToolchain"),
        // The embedded OM source: the simulator running inside recond (the default config).
        .target(
            name: "ReconEmbeddedOM",
            dependencies: [
                "ReconCore", "OMSimulator", "OzoneFormat",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "recond",
            dependencies: [
                "ReconCore", "ReconHTTP", "ReconEmbeddedOM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // An OM stand-in: generates OM DBs, mutates them, serves checkpoints and deltas.
        .target(
            name: "OMSimulator",
            dependencies: ["OzoneFormat", "ReconRocksDB", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "omsim",
            dependencies: [
                "OMSimulator", "OzoneFormat", "ReconRocksDB",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmark harness (`make bench`): drives omsim and recond as processes.
        .executableTarget(
            name: "reconbench",
            dependencies: [
                "OMSimulator", "OzoneFormat", "ReconRocksDB", "CRocksDB",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Helpers shared by the test targets: paths, temp dirs, cc, processes.
        .target(name: "ReconTestSupport", path: "Tests/Support"),
        // The in-process runtime over a simulated OM, for the shipped plugins' suites.
        .target(
            name: "ReconPluginTestSupport",
            dependencies: [
                "ReconCore", "ReconEmbeddedOM", "OMSimulator", "ReconTestSupport", "ReconRocksDB",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PluginSupport"
        ),
        .testTarget(name: "NSSummaryTests", dependencies: pluginTestDependencies),
        .testTarget(name: "InsightPluginTests", dependencies: pluginTestDependencies),
        .testTarget(name: "ContainerKeyMapperTests", dependencies: pluginTestDependencies),
        .testTarget(name: "OzoneFormatTests", dependencies: ["OzoneFormat"]),
        .testTarget(name: "ConfigTests", dependencies: ["ReconCore"]),
        .testTarget(name: "StorageTests", dependencies: ["ReconCore", "ReconRocksDB", "CRocksDB"]),
        .testTarget(
            name: "StagingTests",
            dependencies: ["ReconCore", "ReconRocksDB", "CReconTask", "ReconTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["ReconCore", "ReconEmbeddedOM", "OMSimulator", "ReconRocksDB", "ReconTestSupport", "CReconTask"]
        ),
        .testTarget(name: "SyncTests", dependencies: ["ReconCore", "OzoneFormat", "ReconRocksDB", "ReconTestSupport"]),
        .testTarget(
            name: "OMSimulatorTests",
            dependencies: ["OMSimulator", "OzoneFormat", "ReconRocksDB", "ReconTestSupport"]
        ),
        .testTarget(
            name: "ReconCoreTests",
            dependencies: ["ReconCore", "CReconTask", "OzoneFormat", "ReconTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ReconCore", "ReconHTTP", "ReconTestSupport", "OzoneFormat", "ReconRocksDB",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ] + swiftPlugins.map {
        .target(
            name: $0.product, dependencies: ["ReconTaskKit", "CReconTask"], path: $0.path,
            exclude: $0.path.hasPrefix("Plugins/Examples/") ? [] : ["README.md"],
            // Export only recon_task_entry_v1: the statically linked SDK stays private.
            linkerSettings: [.unsafeFlags(
                ["-Xlinker", "--version-script=\(Context.packageDirectory)/Plugins/swift-plugin.exports"],
                .when(platforms: [.linux]))]
        )
    },
    swiftLanguageModes: [.v6]
)
