#if canImport(Glibc)
import Glibc
#endif
import SwarmArchive
import SystemPackage
import Testing

/// Misuse of the reader's API is a programmer error and stops the process (STYLE §6).
@Suite("Archive reader crashes on API misuse")
struct ArchiveReaderCrashTests {
    @Test("reading into an empty buffer stops the process instead of faking the end of a file")
    func emptyBufferCrashes() async {
        await #expect(processExitsWith: .failure) {
            // Any failure before the misuse exits cleanly, so that only the precondition passes.
            let path = FilePath("/tmp/swarmd-crash-test-\(getpid()).tar.zst")
            defer { unlink(path.string) }
            guard let writer = try? ArchiveWriter(creatingAt: path), (try? writer.finish()) != nil,
                let reader = try? ArchiveReader(contentsOf: path)
            else { exit(0) }
            _ = try? reader.readData(into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            exit(0)
        }
    }
}
