# Why Pester: the release facts (version, release notes) are PowerShell (tools/Release.ps1, dot-sourced by
# build.ps1), and the stamped manifest exists only in the laid-out module.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/../../tools/Release.ps1
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('initializers-release-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Force $Work

    function New-Manifest {
        param([string] $ModuleVersion, $Prerelease)
        $path = Join-Path $Work ([guid]::NewGuid().ToString('N') + '.psd1')
        $pre = if ($null -ne $Prerelease) { "Prerelease = '$Prerelease'" } else { '' }
        Set-Content -LiteralPath $path -Value "@{ ModuleVersion = '$ModuleVersion'; PrivateData = @{ PSData = @{ $pre } } }"
        $path
    }

    function New-Changelog {
        param([string] $Text)
        $path = Join-Path $Work ([guid]::NewGuid().ToString('N') + '.md')
        Set-Content -LiteralPath $path -Value $Text
        $path
    }

    $script:Changelog = New-Changelog @'
# Changelog

## [Unreleased]

### Added
- Next thing.

## [0.2.0-rc1] - 2026-12-01

### Fixed
- A bug.

## [0.1.0] - 2026-11-01

### Added
- First thing.
'@
}

AfterAll {
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ReleaseVersion' {
    It 'maps ModuleVersion <ModuleVersion> and Prerelease ''<Prerelease>'' to <SemVer>' -ForEach @(
        @{ ModuleVersion = '0.1.0'; Prerelease = 'preview1'; SemVer = '0.1.0-preview1' }
        @{ ModuleVersion = '1.2.3'; Prerelease = $null; SemVer = '1.2.3' }
        @{ ModuleVersion = '10.0.0'; Prerelease = 'rc2'; SemVer = '10.0.0-rc2' }
    ) {
        (Get-ReleaseVersion (New-Manifest $ModuleVersion $Prerelease)).SemVer | Should -Be $SemVer
    }

    It 'refuses ModuleVersion ''<ModuleVersion>'' naming it' -ForEach @(
        @{ ModuleVersion = '1.2' }, @{ ModuleVersion = '1.2.3.4' }, @{ ModuleVersion = 'one' }, @{ ModuleVersion = '01.2.3' }, @{ ModuleVersion = '' }
    ) {
        { Get-ReleaseVersion (New-Manifest $ModuleVersion $null) } | Should -Throw "ModuleVersion '$ModuleVersion' in *is not a version of the form Major.Minor.Patch*"
    }

    It 'refuses Prerelease ''<Prerelease>'' naming it' -ForEach @(
        @{ Prerelease = 'preview.1' }, @{ Prerelease = 'pre-view' }, @{ Prerelease = '1preview' }, @{ Prerelease = '' }
    ) {
        { Get-ReleaseVersion (New-Manifest '0.1.0' $Prerelease) } | Should -Throw "Prerelease '$Prerelease' in *is not a prerelease label*"
    }

    It 'reads the repository''s own manifest' {
        $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../Initializers.psd1')
        $version = Get-ReleaseVersion (Join-Path $PSScriptRoot '../../Initializers.psd1')
        $version.SemVer | Should -Be "$($manifest.ModuleVersion)-$($manifest.PrivateData.PSData.Prerelease)"
    }
}

Describe 'Get-ReleaseNotes' {
    It 'takes the version''s own section when there is one, up to the next section' {
        $notes = Get-ReleaseNotes $Changelog ([pscustomobject]@{ ModuleVersion = '0.2.0'; Prerelease = 'rc1'; SemVer = '0.2.0-rc1' })
        $notes | Should -Be "### Fixed`n- A bug."
        (Get-ReleaseNotes $Changelog ([pscustomobject]@{ ModuleVersion = '0.1.0'; Prerelease = ''; SemVer = '0.1.0' })) | Should -Be "### Added`n- First thing."
    }

    It 'takes Unreleased for a prerelease without a section of its own' {
        $notes = Get-ReleaseNotes $Changelog ([pscustomobject]@{ ModuleVersion = '0.3.0'; Prerelease = 'preview1'; SemVer = '0.3.0-preview1' })
        $notes | Should -Be "### Added`n- Next thing."
    }

    It 'refuses a stable version without its own section (Unreleased is never a stable release)' {
        { Get-ReleaseNotes $Changelog ([pscustomobject]@{ ModuleVersion = '0.3.0'; Prerelease = ''; SemVer = '0.3.0' }) } |
            Should -Throw '*has no section for version 0.3.0: add ''## `[0.3.0`]''*'
    }

    It 'refuses a prerelease when there is neither its section nor Unreleased' {
        $path = New-Changelog "# Changelog`n`n## [0.1.0]`n- First.`n"
        { Get-ReleaseNotes $path ([pscustomobject]@{ ModuleVersion = '0.2.0'; Prerelease = 'preview1'; SemVer = '0.2.0-preview1' }) } |
            Should -Throw "*has no section for version 0.2.0-preview1*"
    }

    It 'refuses an empty section and a missing file' {
        $path = New-Changelog "# Changelog`n`n## [Unreleased]`n`n## [0.1.0]`n- First.`n"
        { Get-ReleaseNotes $path ([pscustomobject]@{ ModuleVersion = '0.2.0'; Prerelease = 'preview1'; SemVer = '0.2.0-preview1' }) } |
            Should -Throw "*section of * is empty*"
        { Get-ReleaseNotes (Join-Path $Work 'none.md') ([pscustomobject]@{ ModuleVersion = '0.2.0'; Prerelease = ''; SemVer = '0.2.0' }) } |
            Should -Throw "There is no *none.md*"
    }
}

Describe 'build.ps1 with a bad version or CHANGELOG' {
    It 'stops with the message before it writes anything (<Case>)' -ForEach @(
        @{ Case = 'unparseable version'; Manifest = "ModuleVersion        = 'one.two'"; Changelog = $null; Message = "*ModuleVersion 'one.two'*" }
        @{ Case = 'no CHANGELOG section'; Manifest = $null; Changelog = "# Changelog`n`n## [0.0.1]`n- Old.`n"; Message = '*has no section for version*' }
    ) {
        # A copy of the build script and the two files it reads first; nothing else, so any write would show.
        $root = Join-Path $Work ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Force (Join-Path $root 'tools')
        Copy-Item (Join-Path $PSScriptRoot '../../build.ps1') $root
        Copy-Item (Join-Path $PSScriptRoot '../../tools/Release.ps1') (Join-Path $root 'tools')
        $manifestText = Get-Content -Raw (Join-Path $PSScriptRoot '../../Initializers.psd1')
        if ($Manifest) { $manifestText = $manifestText -replace "(?m)^\s*ModuleVersion\s*=\s*'[^']*'", $Manifest }
        Set-Content -LiteralPath (Join-Path $root 'Initializers.psd1') -Value $manifestText
        $changelogText = if ($Changelog) { $Changelog } else { Get-Content -Raw (Join-Path $PSScriptRoot '../../CHANGELOG.md') }
        Set-Content -LiteralPath (Join-Path $root 'CHANGELOG.md') -Value $changelogText
        $before = @(Get-ChildItem -Recurse $root).Count

        $result = Invoke-FreshPwsh "& '$root/build.ps1' Package"
        $result.ExitCode | Should -Not -Be 0
        $result.Output -join "`n" | Should -BeLike $Message
        @(Get-ChildItem -Recurse $root).Count | Should -Be $before
        Join-Path $root 'out' | Should -Not -Exist
    }
}

Describe 'The laid-out manifest' {
    BeforeAll {
        $script:Laid = Import-PowerShellDataFile (Join-Path $ModulePath 'Initializers.psd1')
        $script:PSData = $Laid.PrivateData.PSData
    }

    It 'names the MIT license and the project, and ships the license' {
        $PSData.LicenseUri | Should -Be 'https://example.invalid/initializers/blob/main/LICENSE'
        $PSData.ProjectUri | Should -Be 'https://example.invalid/initializers'
        Join-Path $ModulePath 'LICENSE' | Should -Exist
        Get-Content -Raw (Join-Path $ModulePath 'LICENSE') | Should -Match '(?s)^MIT License\s+Copyright \(c\) Initializers contributors'
    }

    It 'has tags and a prerelease label that with ModuleVersion is the package version' {
        $PSData.Tags | Should -Contain 'PSEdition_Core'
        $PSData.Tags | Should -Contain 'Keras'
        "$($Laid.ModuleVersion)-$($PSData.Prerelease)" | Should -Be (Get-ReleaseVersion (Join-Path $PSScriptRoot '../../Initializers.psd1')).SemVer
    }

    It 'carries the CHANGELOG section of this version as ReleaseNotes' {
        # This version is a prerelease with no section of its own, so the notes are the Unreleased section: the text
        # between "## [Unreleased]" and the next "## [" heading (or the end), as written in CHANGELOG.md.
        $text = (Get-Content -Raw (Join-Path $PSScriptRoot '../../CHANGELOG.md')) -replace "`r`n", "`n"
        $start = $text.IndexOf("## [Unreleased]`n") + "## [Unreleased]`n".Length
        $end = $text.IndexOf("`n## [", $start)
        $section = if ($end -lt 0) { $text.Substring($start) } else { $text.Substring($start, $end - $start) }
        $PSData.ReleaseNotes | Should -Be $section.Trim()
        $PSData.ReleaseNotes | Should -Match '^### Added'
    }

    It 'passes Test-ModuleManifest with the release notes in' {
        { Test-ModuleManifest -Path (Join-Path $ModulePath 'Initializers.psd1') -ErrorAction Stop } | Should -Not -Throw
    }
}
