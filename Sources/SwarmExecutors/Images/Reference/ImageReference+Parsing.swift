extension ImageReference {
    /// Longest name Docker accepts, as written (domain included, before normalisation).
    static let nameByteLimit = 255
    /// Longest tag Docker accepts.
    static let tagByteLimit = 128

    /// Docker Hub's legacy domain, which references may still use.
    private static let legacyDockerHubDomain = "index.docker.io"

    /// Docker's `ParseNormalizedNamed`: split off the digest, then the tag, then the domain.
    static func parse(_ text: String) throws(ImageReferenceProblem) -> ImageReference {
        guard !text.isEmpty else { throw .empty }
        var rest = Substring(text)
        var digest: ImageDigest?
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            guard let parsed = ImageDigest(digestText) else { throw .invalidDigest(digestText) }
            digest = parsed
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let tagText = String(rest[rest.index(after: colon)...])
            guard isValidTag(tagText) else { throw .invalidTag(tagText) }
            tag = tagText
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw .missingName }
        guard rest.utf8.count <= nameByteLimit else { throw .nameTooLong(byteLimit: nameByteLimit) }
        let (domain, repository) = try splitDomain(String(rest))
        return ImageReference(
            domain: domain, repository: repository,
            tag: tag ?? (digest == nil ? defaultTag : nil), digest: digest
        )
    }

    /// Docker's `splitDockerDomain`: the first component is a registry when it has a `.` or a `:`,
    /// is `localhost`, or has an uppercase letter; Docker Hub's one-component names get `library/`.
    private static func splitDomain(_ name: String) throws(ImageReferenceProblem) -> (String, String) {
        if name.utf8.count == 64, name.utf8.allSatisfy(ImageDigest.isLowercaseHexDigit) { throw .hexadecimalName }
        var domain = dockerHubDomain
        var path = name
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(where: { $0 == "." || $0 == ":" }) || first == "localhost" || first.lowercased() != first {
                guard isValidDomain(first) else { throw .invalidDomain(first) }
                domain = first == legacyDockerHubDomain ? dockerHubDomain : first
                path = String(name[name.index(after: slash)...])
            }
        }
        guard path.lowercased() == path else { throw .uppercaseRepository(path) }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) where !isValidPathComponent(component) {
            throw .invalidPathComponent(String(component))
        }
        if domain == dockerHubDomain, !path.contains("/") { path = "library/" + path }
        return (domain, path)
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
    private static func isValidPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowercaseAlphanumeric(first), isLowercaseAlphanumeric(last) else {
            return false
        }
        var index = 0
        while index < bytes.count {
            guard !isLowercaseAlphanumeric(bytes[index]) else {
                index += 1
                continue
            }
            // A separator run: one '.', one '_', exactly '__', or any number of '-'.
            var end = index
            while end < bytes.count, !isLowercaseAlphanumeric(bytes[end]) { end += 1 }
            let separator = bytes[index..<end]
            let isValid = separator.elementsEqual([UInt8(ascii: ".")]) || separator.elementsEqual([UInt8(ascii: "_")])
                || separator.elementsEqual([UInt8(ascii: "_"), UInt8(ascii: "_")]) || separator.allSatisfy { $0 == UInt8(ascii: "-") }
            guard isValid else { return false }
            index = end
        }
        return true
    }

    /// `host[:port]`: dot-separated labels of letters, digits and inner dashes, or `[IPv6]`.
    private static func isValidDomain(_ domain: String) -> Bool {
        var host = Substring(domain)
        if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return false }
            host = host[..<colon]
        }
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && host.count > 2 && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !host.isEmpty && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last, first != "-", last != "-" else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `[\w][\w.-]{0,127}`
    private static func isValidTag(_ tag: String) -> Bool {
        let isWordByte = { (byte: UInt8) in isLowercaseAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_") }
        guard let first = tag.utf8.first, isWordByte(first), tag.utf8.count <= tagByteLimit else { return false }
        return tag.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isLowercaseAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
