import SwarmTesting
import SystemPackage

extension SwarmdProcess {
    /// Sends one raw API request with curl over the node's socket and returns its status and body.
    func request(_ method: String, _ path: String, body: String? = nil) throws -> (status: Int, body: String) {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "--unix-socket", socketPath.string, "-X", method]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let outcome = try ChildProcess.run(FilePath("/usr/bin/curl"), arguments + ["http://swarmd\(path)"], timeout: .seconds(30))
        let lines = outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? -1, lines.dropLast().joined(separator: "\n"))
    }
}
