export { buildMetadata, buildMetadataObject, buildMetadataWithLookup, METADATA_MAGIC } from './build';
export type { BuiltMetadata, MetadataVersion } from './build';
export { PortableRegistryBuilder } from './registry';
