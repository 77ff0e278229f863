// Command sdkgen writes the native provider's SDKs from its schema with Pulumi's own code
// generators, the library behind `pulumi package gen-sdk`.
//
//	sdkgen -schema provider/native/schema.json -out sdk nodejs python go
//
// `pulumi package gen-sdk` binds the schema, then asks each language's host (pulumi-language-X)
// for GeneratePackage, and the host binds the schema again and calls pkg/v3/codegen/<lang>. The
// hosts the Go module proxy serves predate GeneratePackage, so this program makes the same calls
// itself, with the same arguments and the same tool names (which the generated files print), so
// that its output is what gen-sdk writes with a regular Pulumi install. It is built against
// github.com/pulumi/pulumi/pkg/v3 at the CLI's version (go.mod; scripts/pulumi-cli.sh reads it).
//
// .NET and Java are absent: their generators live in pulumi-dotnet and pulumi-java, which the
// proxy does not serve (the release workflow generates them with a regular Pulumi install).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// generators maps a language to the call its host makes inside GeneratePackage (no overlays, no
// local dependencies, not a local SDK: what `gen-sdk --language X` passes).
var generators = map[string]func(*schema.Package, schema.ReferenceLoader) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, loader)
	},
	"python": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return pythongen.GeneratePackage("pulumi-language-python", pkg, nil, loader)
	},
	"go": func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		return gogen.GeneratePackage("pulumi-language-go", pkg, nil)
	},
}

func main() {
	schemaFile := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "sdk", "the directory that receives <out>/<language>")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: sdkgen -schema FILE [-out DIR] LANGUAGE...  (languages: %v)\n", languages())
	}
	flag.Parse()
	if *schemaFile == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, lang := range flag.Args() {
		if err := generate(*schemaFile, lang, filepath.Join(*out, lang)); err != nil {
			fmt.Fprintf(os.Stderr, "sdkgen: %s: %v\n", lang, err)
			os.Exit(1)
		}
	}
}

// generate writes the SDK of one language into dir, replacing what was there.
func generate(schemaFile, lang, dir string) error {
	gen, ok := generators[lang]
	if !ok {
		return fmt.Errorf("no generator for %q (have %v)", lang, languages())
	}
	loader := schema.NewCachedLoader(selfContained{})
	pkg, err := bindAsGenSDK(schemaFile, loader)
	if err != nil {
		return err
	}
	files, err := gen(pkg, loader)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return writeFiles(dir, files)
}

// bindAsGenSDK binds the schema twice, as gen-sdk does: the CLI binds the file and sends the bound
// package's JSON to the host, which binds that. The round trip normalizes the spec (defaults
// filled in), and the generators see what the host would.
func bindAsGenSDK(schemaFile string, loader schema.ReferenceLoader) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		return nil, err
	}
	cliBound, err := bind(raw, loader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaFile, err)
	}
	sent, err := cliBound.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return bind(sent, loader)
}

func bind(raw []byte, loader schema.ReferenceLoader) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			fmt.Fprintf(os.Stderr, "sdkgen: warning: %s\n", d.Error())
		}
	}
	if diags.HasErrors() {
		return nil, errors.Join(diags.Errs()...)
	}
	return pkg, nil
}

// writeFiles writes the generated files under dir, in a stable order.
func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func languages() []string {
	names := make([]string, 0, len(generators))
	for name := range generators {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// selfContained is the loader for a schema that refers to no other package (ours names only
// Pulumi's built-in types): asked for a package, it says so instead of fetching a plugin.
type selfContained struct{}

func (selfContained) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; sdkgen generates self-contained schemas only", name)
}

func (l selfContained) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l selfContained) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l selfContained) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l selfContained) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
