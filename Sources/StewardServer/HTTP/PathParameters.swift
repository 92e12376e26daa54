import Hummingbird
import StewardCore

extension AppContext {
    /// An id from the path; any malformed id is simply not found.
    func pathID<Tag>(_ name: String, as type: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag> {
        guard let text = parameters.get(name), !text.isEmpty, text.count <= 64 else { throw Refused.notFound }
        return Identifier<Tag>(text)
    }
}
