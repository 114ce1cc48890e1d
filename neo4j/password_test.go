package localneo4j

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedPasswordIsNotAnOption generates passwords as a first start
// does: neo4j-admin takes the password as an argument, so one that starts
// with "-" failed the first start (1 in 64 with base64url). A password
// given that way is refused with a clear error instead.
func TestGeneratedPasswordIsNotAnOption(t *testing.T) {
	dir := t.TempDir()
	for i := range 1000 {
		pw, err := storedPassword(filepath.Join(dir, fmt.Sprintf("password-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(pw, "-") || len(pw) < 8 {
			t.Fatalf("generated password %q would not pass as neo4j-admin's argument", pw)
		}
	}
	if _, _, err := resolveAuth(Config{Auth: "neo4j/-secret-password"}); err == nil || !strings.Contains(err.Error(), "must not start with -") {
		t.Errorf("resolveAuth(neo4j/-secret-password) = %v; want a clear error", err)
	}
}
