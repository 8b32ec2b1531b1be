"""The WeCom (企业微信 / 政务微信) channel: a self-built app's callback server, its API client,
and the reminder sender. The conversation itself is ``bot.conversation``, shared with Telegram."""
