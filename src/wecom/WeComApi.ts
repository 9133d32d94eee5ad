/** What the bot needs from WeCom's active API. Real client or demo file: the rest of the code cannot tell. */
export interface WeComApi {
  /** POST /cgi-bin/<api>?access_token=… with a JSON body; resolves with the answer when errcode is 0. */
  post(api: string, body: object): Promise<Record<string, unknown>>;
  /** POST /cgi-bin/webhook/send?key=… for a group robot. */
  robot(key: string, body: object): Promise<Record<string, unknown>>;
  /**
   * GET /cgi-bin/media/get: an inbound image (evidence), streamed into `file` (created, must not
   * exist), at most `maxBytes` of it (MediaTooLargeError beyond). Resolves with its size and type.
   */
  downloadMedia(mediaId: string, file: string, maxBytes: number): Promise<{ bytes: number; contentType: string }>;
  /** POST /cgi-bin/media/upload: a file to send back in chat; resolves with its media_id. */
  uploadMedia(type: 'file' | 'image', filename: string, bytes: Buffer): Promise<string>;
  /**
   * GET /cgi-bin/auth/getuserinfo: the member behind an OAuth2 `code` (single use, 5 minutes), or
   * undefined when WeCom answers with an openid, i.e. the visitor is not a member of the corp.
   */
  userIdFromCode(code: string): Promise<string | undefined>;
  /** Uploads a file and sends it to one member as a file message through the app. */
  sendFile(userId: string, filename: string, bytes: Buffer): Promise<void>;
  /** Demo mode only: where a sent file is also kept on disk, so the reply can say where to find it. */
  keptFileAt?(filename: string): string;
}
