;;; attach.el --- Emacs with eglot as a real LSP client of `analyst-markup lsp'  -*- lexical-binding: t -*-

;; test/lsp/emacs.test.ts runs `emacs --batch -q -l attach.el' (Debian's Emacs 28.2 with
;; elpa-eglot 1.9, elpa-markdown-mode and elpa-yaml-mode; -q loads no init file, the site files
;; load the Debian packages). The setup is the one of docs/editors.md, with `node CLI lsp' for
;; `analyst-markup lsp'. It opens a fixture article and asks what a user would see: the hover
;; text (eldoc's function), where `M-.' goes, how many references `M-?' lists, the Flymake
;; diagnostics of a broken registry file, and a code action picked as `eglot-code-actions'
;; offers it. It writes what it saw as JSON to $AM_RESULT and exits 0 when every check passed.

(require 'cl-lib)
(require 'json)
(require 'xref)

(defvar am-root (file-name-as-directory (getenv "AM_WORKSPACE")))
(defvar am-checks nil)
(defvar am-result nil)
(defvar am-failed nil)
(defvar am-started (float-time))

(defun am-check (name ok &optional detail)
  (push `((name . ,name) (ok . ,(if ok t :json-false)) (detail . ,(format "%s" (or detail "")))) am-checks)
  (unless ok (setq am-failed t)))

(defun am-record (key value) (push (cons key value) am-result))

(defun am-wait (seconds predicate)
  "Run timers and read the server until PREDICATE gives non-nil (its value) or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    value))

(defun am-visit (relative)
  "Visit RELATIVE in the workspace as a user does; eglot-ensure connects after the command."
  (switch-to-buffer (find-file-noselect (expand-file-name relative am-root)))
  (run-hooks 'post-command-hook)
  (am-wait 15 (lambda () (bound-and-true-p eglot--managed-mode)))
  ;; Flymake checks on the next command; in batch there is none: start it as that command would.
  (when (bound-and-true-p flymake-mode) (flymake-start))
  (am-record (intern (concat "visited " relative)) (- (float-time) am-started))
  (current-buffer))

(defun am-goto (needle offset)
  (goto-char (point-min))
  (search-forward needle)
  (goto-char (+ (match-beginning 0) offset)))

;; --- The setup of docs/editors.md ---------------------------------------------------------
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((text-mode markdown-mode yaml-mode) . (,(getenv "AM_NODE") ,(getenv "AM_CLI") "lsp")))
  (setq-default eglot-workspace-configuration
                '(:analystMarkup (:highlight (:languages ["plaintext" "markdown"])))))
(add-hook 'text-mode-hook #'eglot-ensure) ; markdown-mode and yaml-mode derive from text-mode
;; -------------------------------------------------------------------------------------------

(condition-case err
    (progn
      (require 'eglot)
      (require 'markdown-mode)
      (require 'yaml-mode)
      (let ((article (am-visit "articles/security-pact.md")))
        (am-check "eglot manages the article" (bound-and-true-p eglot--managed-mode) major-mode)
        (am-check "markdown-mode" (eq major-mode 'markdown-mode) major-mode)

        ;; Hover: what eldoc shows (eglot's eldoc function), once the registry is read.
        (am-goto "said Larijani" 6)
        (let ((hover (am-wait 20 (lambda ()
                                   (let (shown)
                                     (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown (or info ""))))
                                     (am-wait 5 (lambda () shown))
                                     (and shown (string-match-p "Ali Larijani" shown) shown))))))
          (am-record 'hover (or hover ""))
          (am-check "hover names the entity" (and hover (string-match-p "Ali Larijani" hover)) hover)
          (am-check "hover dates the role" (and hover (string-match-p "Held on 12 Aug 2025" hover)))
          (am-check "hover has no command links" (and hover (not (string-match-p "command:" hover)))))

        ;; M-. : the registry entry.
        (let* ((identifier (xref-backend-identifier-at-point 'eglot))
               (definitions (xref-backend-definitions 'eglot identifier))
               (location (and definitions (xref-item-location (car definitions)))))
          (am-record 'definition (if location (format "%s:%s" (xref-location-group location) (xref-location-line location)) ""))
          (am-check "definition goes to entities.yaml"
                    (and location (string= (file-truename (xref-location-group location))
                                           (file-truename (expand-file-name "entities.yaml" am-root)))))
          ;; xref lines count from 1, the test's from 0.
          (am-check "definition is the id line"
                    (and location (= (xref-location-line location) (1+ (string-to-number (getenv "AM_ID_LINE")))))
                    (and location (xref-location-line location))))

        ;; M-? : every mention in the workspace (eglot asks with includeDeclaration: the entry too).
        (with-current-buffer article
          (am-goto "said Larijani" 6)
          (let ((references (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot))))
            (am-record 'references (length references))
            (am-check "references count" (= (length references) (string-to-number (getenv "AM_REFERENCES"))) (length references)))))

      ;; Flymake: the diagnostics of a broken registry file, open in yaml-mode.
      (let ((broken (am-visit "broken.entities.yaml")))
        (am-check "eglot manages the registry file" (bound-and-true-p eglot--managed-mode) major-mode)
        (let ((errors (am-wait 20 (lambda ()
                                    (with-current-buffer broken
                                      (cl-remove-if-not (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error))
                                                        (flymake-diagnostics (point-min) (point-max))))))))
          (am-record 'registryDiagnostics
                     (vconcat (mapcar (lambda (d)
                                        `((line . ,(with-current-buffer broken (1- (line-number-at-pos (flymake-diagnostic-beg d)))))
                                          (message . ,(flymake-diagnostic-text d))))
                                      errors)))
          (am-check "broken registry has an error diagnostic" errors)
          (am-check "the error is on the bad type line"
                    (and errors (= (with-current-buffer broken (1- (line-number-at-pos (flymake-diagnostic-beg (car errors)))))
                                   (string-to-number (getenv "AM_BROKEN_LINE"))))
                    (and errors (flymake-diagnostic-text (car errors))))))

      ;; A code action, picked from what `eglot-code-actions' offers (its prompt answered).
      (let ((text-buffer (am-visit "articles/ambiguous.txt")))
        (goto-char (point-min))
        (forward-line 2)
        (forward-char 3)
        (let* ((titles (am-wait 10 (lambda () (mapcar (lambda (a) (plist-get a :title)) (eglot-code-actions (point) (point))))))
               (wanted "Link to Sadegh Larijani"))
          (am-record 'codeActions (vconcat titles))
          (am-check "code action offered" (member wanted titles) titles)
          (when (member wanted titles)
            (let ((last-nonmenu-event ?a)) ; a key, not a mouse click: eglot asks with completing-read
              (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) wanted)))
                (eglot-code-actions (point) (point) nil t)))
            (let ((line (with-current-buffer text-buffer
                          (save-excursion (goto-char (point-min)) (forward-line 2)
                                          (buffer-substring-no-properties (line-beginning-position) (line-end-position))))))
              (am-record 'afterCodeAction line)
              (am-check "code action applied" (string= line "[Larijani]{.ref to=sadegh-larijani} spoke about the economy.") line)))))

      (let ((server (eglot-current-server)))
        (when server (eglot-shutdown server))))
  (error (am-record 'error (format "%S" err))
         (setq am-failed t)))

(with-temp-file (getenv "AM_RESULT")
  (insert (json-encode `((checks . ,(vconcat (reverse am-checks))) ,@am-result))))
(kill-emacs (if am-failed 1 0))
