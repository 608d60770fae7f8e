/// The store's snapshot image: a format tag, then the tables in the store's binary encoding
/// (Docs/formats.md).
enum StoreImage {
    static let tag = Array("SST2".utf8)

    static func encode(_ tables: StoreTables) -> [UInt8] {
        StoreCoding.encodeStoreValue(tables, after: tag)
    }

    static func decode(_ image: [UInt8]) throws(StoreImageError) -> StoreTables {
        guard image.starts(with: tag) else { throw .notAStoreImage }
        do {
            return try StoreCoding.decode(StoreTables.self, from: image[tag.count...])
        } catch {
            throw .unreadable("\(error)")
        }
    }
}

/// Why a snapshot image could not be restored.
enum StoreImageError: Error, CustomStringConvertible {
    case notAStoreImage
    case unreadable(String)

    var description: String {
        switch self {
        case .notAStoreImage: "the snapshot image is not a swarmd store image (no SST2 tag)"
        case .unreadable(let reason): "the store image cannot be decoded: \(reason)"
        }
    }
}

extension StoreTables {
    /// The tables a snapshot image holds (`SST2`, as `SwarmStore` writes them).
    ///
    /// - Throws: when `image` is not a store image or is damaged (the error says which).
    public init(image: [UInt8]) throws {
        self = try StoreImage.decode(image)
    }

    /// The tables as a snapshot image.
    public var image: [UInt8] { StoreImage.encode(self) }
}
