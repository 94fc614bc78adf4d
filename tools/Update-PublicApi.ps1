#Requires -Version 7.2
<#
.SYNOPSIS
    Rewrites lib/PublicAPI.Unshipped.txt so that it declares exactly the library's public API that
    lib/PublicAPI.Shipped.txt does not, from the PublicApiAnalyzers' own diagnostics.
.DESCRIPTION
    The analyzer (Microsoft.CodeAnalysis.PublicApiAnalyzers) fails the build on a public symbol that neither file
    declares (RS0016) and on a declared symbol that is gone (RS0017). After adding API on purpose, or after merging
    branches that each added some, run this instead of editing the file by hand:

        dotnet pwsh ./tools/Update-PublicApi.ps1

    It empties PublicAPI.Unshipped.txt, builds lib/ for every target framework without treating warnings as errors,
    collects the symbols of the RS0016 diagnostics (the analyzer's own spelling, nullable annotations included),
    writes them sorted (ordinal) under "#nullable enable", and builds again to check that nothing is undeclared.
    Shipped entries that are gone (RS0017) are reported, never removed: removing released API is a breaking change
    and is done by hand, in a major version, with a CHANGELOG entry. Review the diff before committing it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = Split-Path $PSScriptRoot
$project = Join-Path $root 'lib/Initializers.csproj'
$unshipped = Join-Path $root 'lib/PublicAPI.Unshipped.txt'
$header = '#nullable enable'

function Get-ApiDiagnostic {
    # Builds lib/ (every target framework, from scratch) and returns the RS0016/RS0017 diagnostics as objects.
    $output = & dotnet build $project -c $Configuration --no-incremental --nologo -v q '-p:TreatWarningsAsErrors=false' '-clp:NoSummary' 2>&1 |
        ForEach-Object { "$_" }
    $found = foreach ($line in $output) {
        if ($line -match "(?:warning|error) (RS001[67]): Symbol '(.+)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found)") {
            [pscustomobject]@{ Id = $Matches[1]; Symbol = $Matches[2] }
        }
        elseif ($line -match ': error (?!RS001[67])[A-Z]+\d+:') {
            throw "lib/ does not compile, so its public API cannot be read:`n$line"
        }
    }
    @($found | Sort-Object Id, Symbol -Unique)
}

[System.IO.File]::WriteAllText($unshipped, "$header`n", [System.Text.UTF8Encoding]::new($false))
$diagnostics = Get-ApiDiagnostic
$added = @($diagnostics | Where-Object Id -EQ 'RS0016' | ForEach-Object Symbol | Sort-Object -Unique -CaseSensitive)
$sorted = [System.Collections.Generic.List[string]]::new([string[]]$added)
$sorted.Sort([System.StringComparer]::Ordinal)
$text = (@($header) + $sorted) -join "`n"
[System.IO.File]::WriteAllText($unshipped, "$text`n", [System.Text.UTF8Encoding]::new($false))
Write-Host "PublicAPI.Unshipped.txt: $($sorted.Count) symbols"

$removed = @($diagnostics | Where-Object Id -EQ 'RS0017' | ForEach-Object Symbol)
if ($removed) {
    Write-Warning ("Declared in PublicAPI.Shipped.txt but gone (a breaking change; remove by hand if intended):`n  " + ($removed -join "`n  "))
}

$left = @(Get-ApiDiagnostic | Where-Object Id -EQ 'RS0016')
if ($left) {
    throw "Still undeclared after the rewrite:`n  $(($left.Symbol) -join "`n  ")"
}
