# The module package as a PowerShell user meets it: Install-PSResource from a local repository on out/packages, then
# a fresh pwsh that finds the module by name. Every child pwsh gets a temporary HOME (so PSResourceGet's repository
# registrations and its CurrentUser scope, and pwsh's own user module path, are temporary folders) and a
# PSModulePath of that folder only: the user's modules and registrations are neither seen nor touched.
# Not on Windows: there PSResourceGet's CurrentUser scope is the Documents folder, which an environment variable
# cannot move, and the tests would install into the user's own modules.
BeforeDiscovery {
    $script:NotHere = [bool]$IsWindows
}

BeforeAll {
    . $PSScriptRoot/Consumers.ps1
    if ($IsWindows) { return }   # nothing to prepare: the tests are skipped (see above)
    $script:Work = New-TempFolder 'module-consumer'
    $script:UserHome = Join-Path $Work 'home'
    $script:UserModules = Join-Path $UserHome '.local/share/powershell/Modules'
    # .NET gives an empty path for a missing per-user folder, and PSResourceGet would then write its settings into
    # the current directory: both folders exist from the start.
    $null = New-Item -ItemType Directory -Force $UserModules, (Join-Path $UserHome '.config')
    $script:Environment = @{
        HOME = $UserHome
        XDG_DATA_HOME = $null
        XDG_CONFIG_HOME = $null
        XDG_CACHE_HOME = $null
        PSModulePath = $UserModules
    }

    function Invoke-ConsumerPwsh {
        # A fresh pwsh in the temporary user's environment; returns its output lines, throws if it failed.
        param([string] $Script)
        $result = Invoke-WithEnvironment $Environment { Invoke-FreshPwsh ("`$ErrorActionPreference = 'Stop'`n" + $Script) }
        if ($result.ExitCode -ne 0) { throw "pwsh exited with $($result.ExitCode):`n$($result.Output -join "`n")" }
        $result.Output
    }

    function Get-Value {
        # The text after NAME= on the line that starts with it.
        param([string[]] $Lines, [string] $Name)
        $line = @($Lines | Where-Object { $_.StartsWith("$Name=") })
        if ($line.Count -ne 1) { throw "Expected one line $Name=... in:`n$($Lines -join "`n")" }
        $line[0].Substring($Name.Length + 1)
    }

    # An older version of the module (0.0.9, the same files otherwise), published to a repository of its own by the
    # same script build.ps1 Package uses.
    $script:OldRepository = New-Item -ItemType Directory -Force (Join-Path $Work 'old-repository')
    $oldModule = Join-Path $Work 'old/Initializers'
    $null = New-Item -ItemType Directory -Force (Split-Path $oldModule)
    Copy-Item -Recurse $ModulePath $oldModule
    $manifest = Join-Path $oldModule 'Initializers.psd1'
    (Get-Content -Raw $manifest) -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'0.0.9'" | Set-Content -NoNewline $manifest
    $publish = Invoke-FreshPwsh "& '$PSScriptRoot/../../tools/Publish-ModulePackage.ps1' -ModulePath '$oldModule' -DestinationPath '$OldRepository'"
    if ($publish.ExitCode -ne 0) { throw "Publishing the old version failed:`n$($publish.Output -join "`n")" }
    $script:OldVersion = "0.0.9$(if ($ReleaseVersion.Prerelease) { '-' + $ReleaseVersion.Prerelease })"

    $script:Register = @"
Register-PSResourceRepository -Name InitializersLocal -Uri '$Packages' -Trusted
Register-PSResourceRepository -Name InitializersOld -Uri '$OldRepository' -Trusted
"@
}

AfterAll {
    if ($Work) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The module package Initializers' -Skip:$NotHere {
    It 'is in out/packages at the manifest''s version, with its license and CHANGELOG release notes' {
        $nupkg = Join-Path $Packages "Initializers.$($ReleaseVersion.SemVer).nupkg"
        $nupkg | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $names = $zip.Entries.FullName
            foreach ($name in 'Initializers.psd1', 'LICENSE', 'CHANGELOG.md', 'Initializers.PowerShell.dll', 'lib/net8.0/Initializers.dll',
                'lib/netstandard2.0/Initializers.dll', 'en-US/Initializers.PowerShell.dll-Help.xml') {
                $names | Should -Contain $name
            }
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('Initializers.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $nuspec.package.metadata.version | Should -Be $ReleaseVersion.SemVer
        $nuspec.package.metadata.licenseUrl | Should -Be 'https://example.invalid/initializers/blob/main/LICENSE'
        $nuspec.package.metadata.releaseNotes | Should -Match '(?m)^### Added'
    }

    It 'installs from a local repository, imports by name, works in every cmdlet group, has help and uninstalls' {
        # 1. An older version first, then this one over it (side by side).
        $old = Invoke-ConsumerPwsh @"
$Register
Install-PSResource Initializers -Repository InitializersOld -Prerelease -Scope CurrentUser -TrustRepository -Quiet
Install-PSResource Initializers -Repository InitializersLocal -Prerelease -Scope CurrentUser -TrustRepository -Quiet
'INSTALLED=' + ((Get-InstalledPSResource Initializers | ForEach-Object { "`$(`$_.Version)-`$(`$_.Prerelease)" } | Sort-Object) -join ',')
'LOCATIONS=' + ((Get-InstalledPSResource Initializers).InstalledLocation | Sort-Object -Unique)
"@
        Get-Value $old 'INSTALLED' | Should -Be ((@($OldVersion, $ReleaseVersion.SemVer) | ForEach-Object { if ($_ -notmatch '-') { "$_-" } else { $_ } }) -join ',')
        Get-Value $old 'LOCATIONS' | Should -Be $UserModules

        # 2. A fresh pwsh that knows the module only by name on the temporary path: the newest version loads.
        $out = Invoke-ConsumerPwsh @"
Import-Module Initializers
`$m = Get-Module Initializers
'VERSION=' + `$m.Version + '|' + `$m.PrivateData.PSData.Prerelease
'BASE=' + `$m.ModuleBase
'AVAILABLE=' + ((Get-Module -ListAvailable Initializers | ForEach-Object { `$_.Version } | Sort-Object) -join ',')
'NOUNS=' + ((Get-Command -Module Initializers | ForEach-Object Noun | Sort-Object -Unique) -join ',')
# Catalog
'CATALOG=' + (Get-Initializer GlorotUniform).ClassName
'GAIN=' + (Get-InitializerGain tanh).ToString('R', [cultureinfo]::InvariantCulture)
# Initializers and tensors
`$g = New-Initializer GlorotUniform -Seed 42
`$t = New-Tensor `$g -Shape 7, 11
'TENSOR=' + (`$t.Shape -join 'x') + '|' + `$t.ToArray()[0].ToString('R', [cultureinfo]::InvariantCulture)
'ZEROS=' + (New-ZerosTensor -Shape 2, 3).Count
# Configs: text, objects, files, checks
`$json = `$g | ConvertTo-InitializerConfig -Compress
'ROUNDTRIP=' + (`$json | ConvertFrom-InitializerConfig).ClassName
'GETCONFIG=' + (Get-InitializerConfig `$g).seed
'TEST=' + (Test-InitializerConfig `$json)
`$file = Join-Path '$Work' 'g.yaml'
`$g | Export-InitializerConfig -Path `$file
'IMPORT=' + (Import-InitializerConfig -Path `$file).ClassName
# Tensor files
`$npy = Join-Path '$Work' 't.npy'
Export-Tensor -Path `$npy -InputObject `$t
'NPY=' + (Import-Tensor -Path `$npy).Equals(`$t)
'MEASURE=' + (`$t | Measure-Tensor).Count
`$sharded = Join-Path '$Work' 's.npy'
Export-Tensor -Path `$sharded -Initializer `$g -Shape 7, 11 -ShardIndex 0 -ShardCount 1
Join-TensorShard -Path `$sharded
'SHARD=' + (Import-Tensor -Path `$sharded).Equals(`$t)
# Model configs: list, gate, reseed
`$model = Join-Path '$Work' 'model.json'
Set-Content -LiteralPath `$model -Value '{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}}]}}'
'SLOTS=' + @(Get-ModelInitializer -Path `$model).Count
'GATE=' + (Test-ModelConfig -Path `$model -Quiet)
Set-ModelInitializer -Path `$model -Seed 1 -Force
'SEEDED=' + ((Get-ModelInitializer -Path `$model).Seeded -join ',')
# Model weights
`$mlp = Join-Path '$Work' 'mlp.json'
Set-Content -LiteralPath `$mlp -Value '{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"name": "i", "batch_shape": [null, 3]}}, {"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}]}}'
'WEIGHTS=' + ((Initialize-ModelWeight -Path `$mlp -Destination (Join-Path '$Work' 'w.safetensors') -Seed 1).Name -join ',')
# Help from the installed MAML
`$help = Get-Help New-Tensor -Full
'HELPFILE=' + (Get-Command New-Tensor).HelpFile
'EXAMPLES=' + @(`$help.examples.example).Count
'ABOUT=' + ((Get-Help about_Initializers | Out-String) -match 'Initializers')
"@
        Get-Value $out 'VERSION' | Should -Be "$($ReleaseVersion.ModuleVersion)|$($ReleaseVersion.Prerelease)"
        Get-Value $out 'BASE' | Should -Be (Join-Path $UserModules "Initializers/$($ReleaseVersion.ModuleVersion)")
        Get-Value $out 'AVAILABLE' | Should -Be "0.0.9,$($ReleaseVersion.ModuleVersion)"
        # Every noun the module exports is exercised above; a new noun needs a line here.
        foreach ($noun in (Get-Value $out 'NOUNS') -split ',') {
            $noun | Should -BeIn @('Initializer', 'Tensor', 'ZerosTensor', 'InitializerConfig', 'TensorShard', 'ModelInitializer', 'ModelConfig', 'ModelWeight', 'InitializerGain') -Because 'the consumer test runs a command of every cmdlet group'
        }
        Get-Value $out 'CATALOG' | Should -Be 'GlorotUniform'
        Get-Value $out 'GAIN' | Should -Be '1.6666666666666667' # PyTorch's calculate_gain('tanh') = 5/3
        # The golden table's element 0 of GlorotUniform(seed=42) float32 [7,11] (tests/golden/seeded-values.tsv).
        Get-Value $out 'TENSOR' | Should -Be '7x11|0.13043481'
        Get-Value $out 'ZEROS' | Should -Be '6'
        Get-Value $out 'ROUNDTRIP' | Should -Be 'GlorotUniform'
        Get-Value $out 'GETCONFIG' | Should -Be '42'
        Get-Value $out 'TEST' | Should -Be 'True'
        Get-Value $out 'IMPORT' | Should -Be 'GlorotUniform'
        Get-Value $out 'NPY' | Should -Be 'True'
        Get-Value $out 'MEASURE' | Should -Be '77'
        Get-Value $out 'SHARD' | Should -Be 'True'
        Get-Value $out 'SLOTS' | Should -Be '1'
        # An unseeded GlorotUniform is a warning, not an error: the gate passes; -Seed then seeds the slot.
        Get-Value $out 'GATE' | Should -Be 'True'
        Get-Value $out 'SEEDED' | Should -Be 'True'
        Get-Value $out 'WEIGHTS' | Should -Be 's/d/kernel,s/d/bias'  # Keras 3 builds a Sequential's layers under its name
        Get-Value $out 'HELPFILE' | Should -Be (Join-Path $UserModules "Initializers/$($ReleaseVersion.ModuleVersion)/en-US/Initializers.PowerShell.dll-Help.xml")
        [int](Get-Value $out 'EXAMPLES') | Should -BeGreaterThan 0
        Get-Value $out 'ABOUT' | Should -Be 'True'

        # 3. Uninstall both versions.
        $gone = Invoke-ConsumerPwsh @"
Uninstall-PSResource Initializers -Version '$($ReleaseVersion.SemVer)' -Prerelease -Scope CurrentUser
'AFTERONE=' + ((Get-InstalledPSResource Initializers -ErrorAction SilentlyContinue | ForEach-Object { "`$(`$_.Version)" }) -join ',')
Uninstall-PSResource Initializers -Prerelease -Scope CurrentUser
'AFTERALL=' + @(Get-InstalledPSResource Initializers -ErrorAction SilentlyContinue).Count
'LISTED=' + @(Get-Module -ListAvailable Initializers).Count
"@
        Get-Value $gone 'AFTERONE' | Should -Be '0.0.9'
        Get-Value $gone 'AFTERALL' | Should -Be '0'
        Get-Value $gone 'LISTED' | Should -Be '0'
        Join-Path $UserModules 'Initializers' | Should -Not -Exist
        # Nothing of PSResourceGet's or NuGet's settings landed outside the temporary HOME.
        foreach ($stray in 'PSResourceGet', 'NuGet') {
            Join-Path (Get-Location) $stray | Should -Not -Exist
            Join-Path $Work $stray | Should -Not -Exist
        }
        Join-Path $UserHome '.local/share/PSResourceGet/PSResourceRepository.xml' | Should -Exist
    }
}
