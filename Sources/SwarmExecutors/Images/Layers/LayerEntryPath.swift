import SystemPackage

/// A layer entry's path relative to the root it is unpacked into, as the raw bytes Linux names
/// are (not necessarily UTF-8): `./` and empty components dropped; `..` components and absolute
/// paths refused, so that no path can name anything outside the root.
struct LayerEntryPath: Hashable, CustomStringConvertible {
    /// The components, none empty, `.` or `..`.
    let components: [[UInt8]]

    /// The root itself.
    static let root = LayerEntryPath(components: [])

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    private init(components: [[UInt8]]) {
        self.components = components
    }

    /// The path of the tar entry path `bytes`.
    ///
    /// - Throws: `.absolutePath` or `.leavesRoot`.
    init(tarPath bytes: [UInt8]) throws(LayerEntryProblem) {
        guard bytes.first != Self.slash else { throw .absolutePath }
        var components: [[UInt8]] = []
        for component in bytes.split(separator: Self.slash) where !component.elementsEqual([Self.dot]) {
            guard !component.elementsEqual([Self.dot, Self.dot]) else { throw .leavesRoot }
            components.append(Array(component))
        }
        self.components = components
    }

    var isRoot: Bool { components.isEmpty }

    /// The directory holding this path (the root for a top-level name).
    var parent: LayerEntryPath { LayerEntryPath(components: components.dropLast()) }

    var lastComponent: [UInt8]? { components.last }

    func appending(_ component: [UInt8]) -> LayerEntryPath {
        LayerEntryPath(components: components + [component])
    }

    /// Every path from the first component down to this one.
    var prefixes: [LayerEntryPath] {
        components.indices.map { LayerEntryPath(components: Array(components[...$0])) }
    }

    /// The path under `root` (an absolute directory path without a trailing `/`), NUL-terminated for C.
    func absolute(under root: [UInt8]) -> [CChar] {
        var bytes = root
        for component in components {
            bytes.append(Self.slash)
            bytes.append(contentsOf: component)
        }
        bytes.append(0)
        return bytes.map { CChar(bitPattern: $0) }
    }

    func filePath(under root: [UInt8]) -> FilePath {
        FilePath(platformString: absolute(under: root))
    }

    /// The path for messages (bytes that are not UTF-8 shown as U+FFFD).
    var description: String {
        String(decoding: Array(components.joined(separator: [Self.slash])), as: UTF8.self)
    }
}
