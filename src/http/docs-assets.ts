/** Where `/docs` reads the reference UI's files from (swagger-ui-dist): the file system, or the Workers assets. */
export interface DocsAssets {
  /** The bytes of one of `docsAssetTypes`' files of swagger-ui-dist, or undefined when it cannot be read. */
  read(name: string): Promise<Uint8Array | undefined>
}
