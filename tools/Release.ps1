<#
.SYNOPSIS
    The release facts both packages are made from: the version (from Initializers.psd1) and the release notes (from
    CHANGELOG.md). Dot-sourced by build.ps1 and by the Pester tests of bad input.
.DESCRIPTION
    Version: ModuleVersion must be Major.Minor.Patch (three numbers, as SemVer and PSResourceGet's prerelease rules
    need); PrivateData.PSData.Prerelease, if present, must be ASCII letters and digits only (PowerShellGet's rule), and
    maps to the SemVer prerelease label: ModuleVersion 0.1.0 with Prerelease preview1 is 0.1.0-preview1 for the module
    package and the library package alike.

    Release notes: the CHANGELOG.md section whose heading is "## [<semver>]" (an optional " - <date>" may follow).
    A prerelease without a section of its own takes the "## [Unreleased]" section: a preview is built from what has
    not been released yet. A stable version never takes "Unreleased": it needs its own section, so releasing means
    renaming "## [Unreleased]" to "## [x.y.z] - <date>" first.
#>

function Get-ReleaseVersion {
    # The version of both packages, from the manifest; throws a message naming the bad value.
    param([Parameter(Mandatory)] [string] $ManifestPath)
    $data = Import-PowerShellDataFile -LiteralPath $ManifestPath
    $moduleVersion = "$($data.ModuleVersion)"
    if ($moduleVersion -notmatch '^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$') {
        throw "ModuleVersion '$moduleVersion' in $ManifestPath is not a version of the form Major.Minor.Patch (for example 0.1.0)."
    }
    $prerelease = ''
    if ($data.ContainsKey('PrivateData') -and $data.PrivateData -is [hashtable] -and $data.PrivateData.PSData -is [hashtable] -and
        $data.PrivateData.PSData.ContainsKey('Prerelease')) {
        $prerelease = "$($data.PrivateData.PSData.Prerelease)"
        if ($prerelease -notmatch '^[A-Za-z][A-Za-z0-9]*$') {
            throw "Prerelease '$prerelease' in $ManifestPath is not a prerelease label: use ASCII letters and digits only, starting with a letter (for example preview1)."
        }
    }
    $semVer = if ($prerelease) { "$moduleVersion-$prerelease" } else { $moduleVersion }
    [pscustomobject]@{ ModuleVersion = $moduleVersion; Prerelease = $prerelease; SemVer = $semVer }
}

function Get-ReleaseNotes {
    # The CHANGELOG section of the version (see the file's description); throws if there is none or it is empty.
    param([Parameter(Mandatory)] [string] $ChangelogPath, [Parameter(Mandatory)] $Version)
    if (-not (Test-Path -LiteralPath $ChangelogPath -PathType Leaf)) {
        throw "There is no $ChangelogPath, so version $($Version.SemVer) has no release notes."
    }
    $lines = Get-Content -LiteralPath $ChangelogPath
    $sections = [ordered]@{}
    $current = $null
    foreach ($line in $lines) {
        if ($line -match '^## \[([^\]]+)\]') {
            $current = $Matches[1]
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    $name = $Version.SemVer
    if (-not $sections.Contains($name) -and $Version.Prerelease) { $name = 'Unreleased' }
    if (-not $sections.Contains($name)) {
        $wanted = if ($Version.Prerelease) { "'## [$($Version.SemVer)]' or '## [Unreleased]'" } else { "'## [$($Version.SemVer)]'" }
        throw "$ChangelogPath has no section for version $($Version.SemVer): add $wanted (a stable version needs its own section)."
    }
    $notes = ($sections[$name] -join "`n").Trim()
    if (-not $notes) {
        throw "The '## [$name]' section of $ChangelogPath is empty: version $($Version.SemVer) needs release notes."
    }
    $notes
}

function Set-ManifestReleaseNotes {
    # Replaces the one ReleaseNotes line of a (laid-out) manifest with the notes, as a single-quoted string.
    param([Parameter(Mandatory)] [string] $ManifestPath, [Parameter(Mandatory)] [string] $Notes)
    $text = Get-Content -Raw -LiteralPath $ManifestPath
    $pattern = "(?m)^(\s*ReleaseNotes\s*=\s*)'(?:[^']|'')*'[ \t]*(?=\r?$)"
    if (([regex]::Matches($text, $pattern)).Count -ne 1) {
        throw "$ManifestPath needs exactly one line of the form ReleaseNotes = '...'."
    }
    $quoted = "'" + ($Notes -replace "'", "''") + "'"
    $text = [regex]::Replace($text, $pattern, { param($m) $m.Groups[1].Value + $quoted })
    [System.IO.File]::WriteAllText($ManifestPath, $text, [System.Text.UTF8Encoding]::new($false))
}
