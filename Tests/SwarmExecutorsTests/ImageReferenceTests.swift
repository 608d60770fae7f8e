import SwarmExecutors
import Testing

@Suite("Image references parse and normalise as Docker's do")
struct ImageReferenceTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let domain: String
        let repository: String
        let tag: String?
        let hasDigest: Bool
        /// Docker's familiar form.
        let familiar: String

        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "busybox", domain: "docker.io", repository: "library/busybox", tag: "latest", hasDigest: false, familiar: "busybox:latest"),
        Valid(text: "busybox:1.36", domain: "docker.io", repository: "library/busybox", tag: "1.36", hasDigest: false, familiar: "busybox:1.36"),
        Valid(text: "library/busybox", domain: "docker.io", repository: "library/busybox", tag: "latest", hasDigest: false, familiar: "busybox:latest"),
        Valid(text: "docker.io/library/busybox", domain: "docker.io", repository: "library/busybox", tag: "latest", hasDigest: false, familiar: "busybox:latest"),
        Valid(text: "index.docker.io/library/busybox", domain: "docker.io", repository: "library/busybox", tag: "latest", hasDigest: false, familiar: "busybox:latest"),
        Valid(text: "myteam/app_v2:Rc-1.0", domain: "docker.io", repository: "myteam/app_v2", tag: "Rc-1.0", hasDigest: false, familiar: "myteam/app_v2:Rc-1.0"),
        Valid(text: "127.0.0.1:5055/busybox:latest", domain: "127.0.0.1:5055", repository: "busybox", tag: "latest", hasDigest: false, familiar: "127.0.0.1:5055/busybox:latest"),
        Valid(text: "localhost/a__b/c-d--e.f", domain: "localhost", repository: "a__b/c-d--e.f", tag: "latest", hasDigest: false, familiar: "localhost/a__b/c-d--e.f:latest"),
        Valid(text: "registry.example.com:443/team/app", domain: "registry.example.com:443", repository: "team/app", tag: "latest", hasDigest: false, familiar: "registry.example.com:443/team/app:latest"),
        Valid(text: "busybox@\(digest)", domain: "docker.io", repository: "library/busybox", tag: nil, hasDigest: true, familiar: "busybox@\(digest)"),
        Valid(text: "busybox:latest@\(digest)", domain: "docker.io", repository: "library/busybox", tag: "latest", hasDigest: true, familiar: "busybox:latest@\(digest)"),
    ]

    @Test("valid references", arguments: valid)
    func parses(_ expected: Valid) throws {
        let reference = try ImageReference(parsing: expected.text)
        #expect(reference.domain == expected.domain)
        #expect(reference.repository == expected.repository)
        #expect(reference.tag == expected.tag)
        #expect(reference.digest?.description == (expected.hasDigest ? Self.digest : nil))
        #expect(reference.description == expected.familiar)
        #expect(reference.canonical.hasPrefix("\(expected.domain)/\(expected.repository)"))
        #expect(try ImageReference(parsing: reference.canonical) == reference, "the canonical form parses back to the same reference")
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let problem: ImageReferenceProblem

        var testDescription: String { "'\(text)'" }
    }

    static let invalid: [Invalid] = [
        Invalid(text: "", problem: .empty),
        Invalid(text: "Busybox", problem: .uppercaseRepository("Busybox")),
        Invalid(text: "library/BusyBox:latest", problem: .uppercaseRepository("library/BusyBox")),
        Invalid(text: "busybox@sha256:abc", problem: .invalidDigest("sha256:abc")),
        Invalid(text: "busybox@md5:" + String(repeating: "0", count: 32), problem: .invalidDigest("md5:" + String(repeating: "0", count: 32))),
        Invalid(text: "busybox@SHA256:" + String(repeating: "A", count: 64), problem: .invalidDigest("SHA256:" + String(repeating: "A", count: 64))),
        Invalid(text: "busybox:", problem: .invalidTag("")),
        Invalid(text: "busybox:-rc", problem: .invalidTag("-rc")),
        Invalid(text: "busybox:" + String(repeating: "t", count: 129), problem: .invalidTag(String(repeating: "t", count: 129))),
        Invalid(text: ":latest", problem: .missingName),
        Invalid(text: "team_/app", problem: .invalidPathComponent("team_")),
        Invalid(text: "team//app", problem: .invalidPathComponent("")),
        Invalid(text: "a.b:port/app", problem: .invalidDomain("a.b:port")),
        Invalid(text: "-bad.example.com/app", problem: .invalidDomain("-bad.example.com")),
        Invalid(text: String(repeating: "ab", count: 32), problem: .hexadecimalName),
        Invalid(text: "team/" + String(repeating: "a", count: 251), problem: .nameTooLong(byteLimit: 255)),
    ]

    @Test("invalid references are refused, naming the text and what is wrong", arguments: invalid)
    func refuses(_ expected: Invalid) {
        let error = #expect(throws: ImageError.self) { try ImageReference(parsing: expected.text) }
        guard case .invalidReference(let text, let problem) = error else {
            Issue.record("expected an invalid reference, got \(String(describing: error))")
            return
        }
        #expect(text == expected.text)
        #expect(problem == expected.problem)
        #expect("\(error!)".contains("'\(expected.text)'"))
    }
}
