import ReconRocksDB
import Foundation
import Testing
@testable import ReconCore

@Suite("Generation directory")
struct GenerationDirectoryTests {
    @Test func idsAndDirectoryNames() {
        #expect(GenerationID(3).directoryName == "gen-000000000003")
        #expect(GenerationID(directoryName: "gen-000000000042") == GenerationID(42))
        #expect(GenerationID(directoryName: "gen-42") == nil)
        #expect(GenerationID(directoryName: "gen-00000000004x") == nil)
        #expect(GenerationID(directoryName: "CURRENT") == nil)
    }

    @Test func atomicFileReplacesContentsAndLeavesNoTemp() throws {
        let dir = TempDir("atomic")
        let file = dir.url.appendingPathComponent("F")
        try AtomicFile.write("one\n", to: file)
        try AtomicFile.write("two\n", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "two\n")
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
    }

    @Test func stagedIdsCountUpAndSwitchIsRecorded() throws {
        let dir = TempDir("gens")
        let gens = try GenerationDirectory(root: dir.url.appendingPathComponent("tasks"))
        #expect(try gens.current() == nil)
        let g1 = try gens.createStaged()
        let g2 = try gens.createStaged()
        #expect(g1 == GenerationID(1))
        #expect(g2 == GenerationID(2))
        #expect(try gens.generations() == [g1, g2])

        // A generation without its marker cannot become live.
        let error = #expect(throws: StorageError.self) { try gens.switchCurrent(to: g2) }
        #expect(error?.kind == .invalidArgument)
        #expect(try gens.current() == nil)

        let created = Date(timeIntervalSince1970: 1_700_000_000.123)
        try gens.markComplete(g2, createdAt: created)
        #expect(try gens.marker(of: g2) == GenerationMarker(id: g2, createdAt: Date(timeIntervalSince1970: 1_700_000_000.123)))
        #expect(try gens.marker(of: g1) == nil)
        try gens.switchCurrent(to: g2)
        #expect(try gens.current() == g2)
        #expect(try String(contentsOf: gens.currentFile, encoding: .utf8) == "gen-000000000002\n")
        #expect(try gens.createStaged() == GenerationID(3))

        // Reopening the directory finds the same live generation.
        let again = try GenerationDirectory(root: dir.url.appendingPathComponent("tasks"))
        #expect(try again.current() == g2)
        #expect(throws: StorageError.self) { try again.remove(g2) }
    }

    @Test func removeLeftoversKeepsExactlyTheCurrentGeneration() throws {
        let dir = TempDir("gens")
        let gens = try GenerationDirectory(root: dir.url)
        let old = try gens.createStaged()
        try gens.markComplete(old)
        try gens.switchCurrent(to: old)
        let live = try gens.createStaged()
        try gens.markComplete(live)
        try gens.switchCurrent(to: live)
        try Data("payload".utf8).write(to: gens.path(of: live).appendingPathComponent("data"))

        // A crash mid-way through the next switch: a half-built generation and a
        // half-written CURRENT.tmp; CURRENT itself is untouched.
        let staged = try gens.createStaged()
        try FileManager.default.createDirectory(at: gens.path(of: staged).appendingPathComponent("kv"), withIntermediateDirectories: true)
        try Data("gen-0000".utf8).write(to: dir.url.appendingPathComponent("CURRENT.tmp"))

        let restarted = try GenerationDirectory(root: dir.url)
        #expect(try restarted.current() == live)
        let removed = try restarted.removeLeftovers()
        #expect(removed == [old, staged])
        #expect(try restarted.generations() == [live])
        #expect(!FileManager.default.fileExists(atPath: dir.path("CURRENT.tmp")))
        #expect(try String(contentsOf: gens.path(of: live).appendingPathComponent("data"), encoding: .utf8) == "payload")
        #expect(try restarted.current() == live)
        #expect(try restarted.removeLeftovers() == [])
    }

    @Test func leftoversWithoutAnyCurrentAreAllRemoved() throws {
        let dir = TempDir("gens")
        let gens = try GenerationDirectory(root: dir.url)
        let a = try gens.createStaged()
        try gens.markComplete(a)  // complete but never switched to: still a leftover
        _ = try gens.createStaged()
        #expect(try gens.removeLeftovers().count == 2)
        #expect(try gens.generations() == [])
        #expect(try gens.createStaged() == GenerationID(1))
    }

    @Test func aDamagedCurrentIsReportedAsCorruption() throws {
        let dir = TempDir("gens")
        let gens = try GenerationDirectory(root: dir.url)
        try Data("garbage\n".utf8).write(to: gens.currentFile)
        let error = #expect(throws: StorageError.self) { try gens.current() }
        #expect(error?.kind == .corruption)
        try Data("gen-000000000009\n".utf8).write(to: gens.currentFile)
        let missing = #expect(throws: StorageError.self) { try gens.current() }
        #expect(missing?.kind == .corruption)
    }
}
