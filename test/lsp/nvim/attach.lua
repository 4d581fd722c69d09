-- Headless Neovim as a real LSP client of `analyst-markup lsp` (test/lsp/neovim.test.ts starts
-- it). Neovim's built-in client attaches the server to a fixture article, then this script asks
-- what a user would see: the hover text, where definition goes, how many references, the
-- diagnostics of a broken registry file, and a code action applied to the buffer. It writes what
-- it saw as JSON to $AM_RESULT and exits 0 when every check passed, 1 otherwise.
-- The setup is the one of docs/editors.md (vim.lsp.start_client, for Neovim 0.7 and later).

local env = vim.env
local root = env.AM_WORKSPACE
local result = { checks = {} }
local failed = false

local function check(name, ok, detail)
  table.insert(result.checks, { name = name, ok = ok and true or false, detail = detail })
  if not ok then failed = true end
end

local function finish()
  local file = io.open(env.AM_RESULT, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  if failed then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'analyst-markup',
    cmd = { env.AM_NODE, env.AM_CLI, 'lsp', '--stdio' },
    root_dir = root,
    -- Neovim names the languages by filetype ("text" for .txt): the server knows those names.
    get_language_id = function(bufnr, filetype)
      local name = vim.api.nvim_buf_get_name(bufnr)
      if name:match('%.md$') then return 'markdown' end
      if name:match('%.txt$') then return 'text' end
      return filetype
    end,
    settings = { analystMarkup = { highlight = { languages = { 'plaintext', 'markdown' } } } },
  })
  check('client started', client_id ~= nil)

  vim.cmd('edit ' .. root .. '/articles/security-pact.md')
  local article = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(article, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  check('initialized', vim.wait(15000, function() return client.initialized == true end, 50))

  local uri = vim.uri_from_bufnr(article)
  local lines = vim.api.nvim_buf_get_lines(article, 0, -1, false)
  local function find(needle)
    for i, line in ipairs(lines) do
      local col = line:find(needle, 1, true)
      if col then return { line = i - 1, character = col - 1 } end
    end
  end
  local said = find('said Larijani')
  local position = { line = said.line, character = said.character + 6 }
  local params = { textDocument = { uri = uri }, position = position }

  -- Hover: wait for the registry to load (the first answers may come before it).
  local hover
  vim.wait(15000, function()
    local response = client.request_sync('textDocument/hover', params, 5000, article)
    hover = response and response.result
    return hover ~= nil
  end, 100)
  local hover_text = hover and hover.contents and hover.contents.value or ''
  result.hover = hover_text
  check('hover names the entity', hover_text:find('**Ali Larijani**', 1, true) ~= nil, hover_text)
  check('hover dates the role', hover_text:find('Held on 12 Aug 2025', 1, true) ~= nil)
  check('hover has no command links or codicons', hover_text:find('command:', 1, true) == nil and hover_text:find('$(', 1, true) == nil)

  -- Definition: the registry entry.
  local definition = client.request_sync('textDocument/definition', params, 5000, article).result
  local location = definition and definition[1]
  result.definition = location
  check('definition goes to entities.yaml', location ~= nil and location.uri == vim.uri_from_fname(root .. '/entities.yaml'))
  check('definition is the id line', location ~= nil and location.range.start.line == tonumber(env.AM_ID_LINE))

  -- References: every mention in the workspace.
  local references = client.request_sync('textDocument/references', vim.tbl_extend('force', params, { context = { includeDeclaration = false } }), 10000, article).result or {}
  result.references = #references
  check('references count', #references == tonumber(env.AM_REFERENCES), tostring(#references))

  -- Semantic tokens: Neovim 0.7 does not colour them (0.9 does), but its client can ask. Decode
  -- the answer with the legend the server announced, as a 0.9 client would, and report each
  -- token with the text of the buffer it covers (UTF-16 characters to bytes).
  local function decode_tokens(buf, data)
    local legend = client.server_capabilities.semanticTokensProvider.legend
    local buffer_lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    local tokens = {}
    local line, character = 0, 0
    for i = 1, #data, 5 do
      line = line + data[i]
      character = data[i] == 0 and character + data[i + 1] or data[i + 1]
      local modifiers = {}
      for k, name in ipairs(legend.tokenModifiers) do
        if bit.band(data[i + 4], bit.lshift(1, k - 1)) ~= 0 then table.insert(modifiers, name) end
      end
      local text = buffer_lines[line + 1] or ''
      local from = vim.str_byteindex(text, character, true)
      local to = vim.str_byteindex(text, character + data[i + 2], true)
      table.insert(tokens, { line = line, character = character, length = data[i + 2], type = legend.tokenTypes[data[i + 3] + 1], modifiers = modifiers, text = text:sub(from + 1, to) })
    end
    return tokens
  end
  local tokens_response = client.request_sync('textDocument/semanticTokens/full', { textDocument = { uri = uri } }, 5000, article)
  local token_data = tokens_response and tokens_response.result and tokens_response.result.data or {}
  check('semantic tokens returned', #token_data > 0 and #token_data % 5 == 0, tostring(#token_data))
  result.semanticTokens = decode_tokens(article, token_data)

  -- Diagnostics of the broken registry file (published for a file that is not open).
  local broken_uri = vim.uri_from_fname(root .. '/broken.entities.yaml')
  local broken_buf = vim.uri_to_bufnr(broken_uri)
  local errors = {}
  vim.wait(15000, function()
    errors = vim.diagnostic.get(broken_buf, { severity = vim.diagnostic.severity.ERROR })
    return #errors > 0
  end, 100)
  result.registryDiagnostics = vim.tbl_map(function(d) return { line = d.lnum, message = d.message } end, errors)
  check('broken registry has an error diagnostic', #errors > 0)
  check('the error is on the bad type line', #errors > 0 and errors[1].lnum == tonumber(env.AM_BROKEN_LINE), vim.inspect(errors))

  -- A code action applied: link an ambiguous name.
  vim.cmd('edit ' .. root .. '/articles/ambiguous.txt')
  local text_buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(text_buf, client_id)
  local ambiguous_tokens = client.request_sync('textDocument/semanticTokens/full', { textDocument = { uri = vim.uri_from_bufnr(text_buf) } }, 5000, text_buf)
  result.ambiguousTokens = decode_tokens(text_buf, ambiguous_tokens and ambiguous_tokens.result and ambiguous_tokens.result.data or {})
  local range = { start = { line = 2, character = 3 }, ['end'] = { line = 2, character = 3 } }
  local actions = {}
  vim.wait(10000, function()
    local response = client.request_sync('textDocument/codeAction', { textDocument = { uri = vim.uri_from_bufnr(text_buf) }, range = range, context = { diagnostics = {} } }, 5000, text_buf)
    actions = response and response.result or {}
    return #actions > 0
  end, 100)
  result.codeActions = vim.tbl_map(function(a) return a.title end, actions)
  local chosen
  for _, action in ipairs(actions) do
    if action.title == 'Link to Sadegh Larijani' then chosen = action end
  end
  check('code action offered', chosen ~= nil, vim.inspect(result.codeActions))
  if chosen then
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    local line = vim.api.nvim_buf_get_lines(text_buf, 2, 3, false)[1]
    result.afterCodeAction = line
    check('code action applied', line == '[Larijani]{.ref to=sadegh-larijani} spoke about the economy.', line)
  end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return client.is_stopped() end, 50)
end)
if not ok then
  result.error = tostring(err)
  failed = true
end
finish()
