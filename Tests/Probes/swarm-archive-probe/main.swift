// A child process for SwarmArchiveTests: archives a tree or extracts an archive through the
// public SwarmArchive API, then reports its own peak resident memory (VmHWM), which a test
// cannot measure of itself because the test runner's memory would be counted too.
//
//   swarm-archive-probe create ARCHIVE SOURCE_DIRECTORY
//   swarm-archive-probe extract ARCHIVE EMPTY_DIRECTORY
//
// Prints `entries N` and `peak_rss_kib N`; on failure prints the error and exits 1.
import Foundation
import SwarmArchive
import SystemPackage

/// VmHWM from /proc/self/status: the most resident memory this process has used.
func peakResidentKiB() -> Int {
    // /proc files report size 0; read to end of file rather than by size.
    let data = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/status")).readToEnd()) ?? nil
    let status = String(decoding: data ?? Data(), as: UTF8.self)
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
}

let arguments = CommandLine.arguments
guard arguments.count == 4, ["create", "extract"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: swarm-archive-probe create|extract ARCHIVE DIRECTORY\n".utf8))
    exit(2)
}
do {
    let archive = FilePath(arguments[2])
    let directory = FilePath(arguments[3])
    let entryCount: Int
    if arguments[1] == "create" {
        let writer = try ArchiveWriter(creatingAt: archive)
        entryCount = try writer.addTree(at: directory)
        try writer.finish()
    } else {
        entryCount = try ArchiveReader(contentsOf: archive).extractAll(into: directory)
    }
    print("entries \(entryCount)")
    print("peak_rss_kib \(peakResidentKiB())")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
