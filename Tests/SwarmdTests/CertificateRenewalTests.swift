import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Node certificates are renewed in the swarm's current `--cert-expiry`: on schedule, or at once
/// on SIGHUP. A manager presents its renewed certificate on the next TLS handshake (read here with
/// `openssl s_client` on 127.0.0.27); a worker (127.0.0.28) keeps its renewed certificate sealed and
/// works on with it after a restart.
@Suite(.serialized) struct CertificateRenewalTests {
    /// The certificate the manager presents on its listen address: "subject|expiry".
    func presentedCertificate(_ node: SwarmdProcess) throws -> (subject: String, notAfter: Date) {
        let script = "echo | openssl s_client -connect \(node.listenAddress) 2>/dev/null | openssl x509 -noout -subject -enddate -dateopt iso_8601"
        let outcome = try ChildProcess.run(FilePath("/bin/sh"), ["-c", script], environment: ["PATH": DockerCLI.searchPath], timeout: .seconds(20))
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        guard let subject = lines.first(where: { $0.hasPrefix("subject=") }), let end = lines.first(where: { $0.hasPrefix("notAfter=") }),
            let notAfter = ISO8601DateFormatter.withSpace.date(from: String(end.dropFirst("notAfter=".count)))
        else {
            throw TestFailure("openssl read no certificate from \(node.listenAddress): \(outcome.standardOutput) \(outcome.standardError)")
        }
        return (subject, notAfter)
    }

    @Test func renewalFollowsCertExpiryOnScheduleOrSIGHUP() throws {
        let scratch = try ScratchDirectory()
        let manager = try SwarmdProcess(index: 17, directory: scratch)
        let worker = try SwarmdProcess(index: 18, directory: scratch)
        for node in [manager, worker] { try node.start() }
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host, "--dispatcher-heartbeat", "1s"])
        let managerID = try manager.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])
        let founding = try presentedCertificate(manager)
        #expect(founding.subject.contains("CN = \(managerID)") && founding.subject.contains("OU = swarm-manager"), "\(founding.subject)")
        #expect(abs(founding.notAfter.timeIntervalSinceNow - 90 * 86_400) < 3_600, "the default expiry is 90 days: \(founding.notAfter)")

        let tooShort = try manager.docker(["swarm", "update", "--cert-expiry", "30m"])
        #expect(tooShort.exitStatus != 0 && tooShort.standardError.contains("minimum certificate expiry time is 1h0m0s"), "\(tooShort.standardError)")
        _ = try manager.dockerOutput(["swarm", "update", "--cert-expiry", "2h"])
        manager.hangUp()
        var renewed = founding
        try waitUntil(timeout: .seconds(20), "the manager presents a certificate that expires in 2 hours") {
            renewed = try presentedCertificate(manager)
            return abs(renewed.notAfter.timeIntervalSinceNow - 7_200) < 300
        }
        #expect(renewed.subject == founding.subject, "the renewed certificate names the same node in the same role")

        // A worker renews through the manager, keeps the new certificate sealed, and still works
        // with it after a restart.
        let token = try manager.dockerOutput(["swarm", "join-token", "-q", "worker"])
        _ = try worker.dockerOutput(["swarm", "join", "--token", token, manager.listenAddress])
        let workerID = try worker.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])
        func state() -> String? { try? manager.dockerOutput(["node", "inspect", workerID, "--format", "{{.Status.State}}"]) }
        try waitUntil(timeout: .seconds(10), "the worker is ready") { state() == "ready" }
        worker.hangUp()
        try waitUntil(timeout: .seconds(20), "the worker renewed its certificate") { worker.log.contains("the node certificate was renewed") }
        worker.kill()
        try waitUntil(timeout: .seconds(15), "the killed worker is down") { state() == "down" }
        try worker.start()
        try waitUntil(timeout: .seconds(15), "the restarted worker is ready with its renewed certificate") { state() == "ready" }
        let scan = RawByteScan(worker.dataDirectory)
        #expect(scan.files(holding: "PRIVATE KEY").isEmpty, "these files hold a PEM private key: \(scan.files(holding: "PRIVATE KEY"))")
        for node in [manager, worker] { node.stop() }
    }
}

extension ISO8601DateFormatter {
    /// `2027-02-24 05:45:21Z`, as `openssl x509 -dateopt iso_8601` prints dates.
    static var withSpace: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime, .withTimeZone]
        return formatter
    }
}
