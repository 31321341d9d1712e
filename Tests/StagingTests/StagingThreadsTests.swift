import Foundation
import Synchronization
import Testing
@testable import ReconCore

@Suite("Staging threads")
struct StagingThreadsTests {
    private static func currentNice() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test("a positive nice lowers only the staging thread's priority")
    func niceIsPerThread() async throws {
        let before = Self.currentNice()
        let inside = try await StagingThreads.run("test-nice", nice: 7) { Self.currentNice() }
        // Raising the nice value needs no privilege, so the thread runs at 7 or at the
        // higher value the test process already had.
        #expect(inside == max(7, before))
        let parallel = Mutex<[Int32]>([])
        try await StagingThreads.parallel(2, "test-nice", nice: 9) { _ in
            let value = Self.currentNice()
            parallel.withLock { $0.append(value) }
        }
        #expect(parallel.withLock { $0 } == [max(9, before), max(9, before)])
        // The caller's thread is unchanged, and nice 0 leaves a thread as it was.
        #expect(Self.currentNice() == before)
        let plain = try await StagingThreads.run("test-plain") { Self.currentNice() }
        #expect(plain == before)
    }
}
