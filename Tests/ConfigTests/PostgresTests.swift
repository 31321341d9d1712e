import Testing
@testable import ReconCore

@Suite("PostgreSQL is refused, never ignored")
struct PostgresTests {
    static let refusal = "the PostgreSQL SQL backend is not available in this build yet; use backend: sqlite"

    @Test("backend: postgres", arguments: ["postgres", "postgresql", "\"postgres\""])
    func postgresBackend(value: String) {
        expectOneError("storage:\n  sql:\n    backend: \(value)\n", at: Spot(3, 14, "storage.sql.backend"),
                       message: Self.refusal)
    }

    @Test("a postgres:// url with the default backend",
          arguments: ["postgres://recon@db.example.com/recon", "postgresql://db/recon", "PostgreSQL://db/recon", "'postgres://x'"])
    func postgresURL(url: String) {
        expectOneError("storage:\n  sql:\n    url: \(url)\n", at: Spot(3, 10, "storage.sql.url"), message: Self.refusal)
    }

    @Test("a postgres:// url next to backend: sqlite")
    func postgresURLWithSQLite() {
        expectOneError("storage:\n  sql:\n    backend: sqlite\n    url: postgres://db/recon\n",
                       at: Spot(4, 10, "storage.sql.url"), message: Self.refusal)
    }

    @Test("both are reported")
    func both() {
        let found = errors("storage:\n  sql:\n    backend: postgres\n    url: postgres://db/recon\n")
        #expect(found.map(\.spot) == [Spot(3, 14, "storage.sql.backend"), Spot(4, 10, "storage.sql.url")])
        #expect(found.map(\.message) == [Self.refusal, Self.refusal])
    }

    @Test("another non-empty url is refused too")
    func otherURL() {
        expectOneError("storage:\n  sql:\n    url: mysql://db\n", at: Spot(3, 10, "storage.sql.url"),
                       message: "url is only used by the postgres backend, which is not available in this build; remove it or leave it empty")
    }

    @Test("an empty url with sqlite is fine")
    func emptyURL() throws {
        let loaded = try config("storage:\n  sql:\n    backend: sqlite\n    url: \"\"\n    synchronous: full\n")
        #expect(loaded.storage.sql == SQLStorageConfig(backend: .sqlite, synchronous: .full))
        #expect(try config("storage:\n  sql:\n    url:\n").storage.sql.backend == .sqlite)
    }
}
