BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    $script:Module = Get-Module Initializers
    $script:ManifestPath = Join-Path $ModulePath 'Initializers.psd1'
}

Describe 'Manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets defined in the module dll' {
        $manifest = Import-PowerShellDataFile $ManifestPath
        $defined = $Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($defined | Sort-Object)
        @((Get-Command -Module Initializers).Name | Sort-Object) | Should -Be @($defined | Sort-Object)
    }

    It 'exports no functions, aliases or variables and declares both editions' {
        $manifest = Import-PowerShellDataFile $ManifestPath
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
        $manifest.VariablesToExport.Count | Should -Be 0
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.Keys | Should -Not -Contain 'NestedModules'
        $manifest.Keys | Should -Not -Contain 'RequiredAssemblies'
    }

    It 'gives its version to the assemblies (the psd1 is the only version source)' {
        $version = [version](Import-PowerShellDataFile $ManifestPath).ModuleVersion
        $Module.Version | Should -Be $version
        $Module.ImplementingAssembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
        $null = New-ZerosTensor -Shape 1   # the library loads on first use, so this test does not depend on file order
        [Initializers.Tensor].Assembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
    }
}

Describe 'Assembly loading' {
    BeforeAll {
        # Use the library and both dependencies once.
        $null = New-ZerosTensor -Shape 2
        $null = New-Initializer Zeros | ConvertTo-InitializerConfig -Format Yaml
        $script:Loaded = [System.AppDomain]::CurrentDomain.GetAssemblies()
    }

    It 'loads the net8.0 library on PowerShell 7 into the default context' {
        $lib = [Initializers.Tensor].Assembly
        $lib.Location | Should -Be (Join-Path $ModulePath 'lib/net8.0/Initializers.dll')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($lib) | Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'loads <_> from Dependencies/ into the private context' -ForEach 'MathNet.Numerics', 'YamlDotNet' {
        $name = $_
        $asm = $Loaded | Where-Object { $_.GetName().Name -eq $name -and $_.Location -like "$ModulePath*" }
        $asm | Should -Not -BeNullOrEmpty
        $asm.Location | Should -BeLike (Join-Path $ModulePath 'Dependencies/net8.0/*')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($asm).Name | Should -Be 'Initializers.Dependencies'
    }

    It 'keeps the dependency types out of the session (they cannot be named)' {
        'YamlDotNet.RepresentationModel.YamlStream' -as [type] | Should -BeNullOrEmpty
    }

    It 'has no third-party type on the public surface of the cmdlets' {
        $thirdParty = 'MathNet\.|YamlDotNet\.'
        foreach ($command in Get-Command -Module Initializers) {
            foreach ($p in $command.Parameters.Values) { $p.ParameterType.FullName | Should -Not -Match $thirdParty }
            foreach ($t in $command.OutputType) { $t.Name | Should -Not -Match $thirdParty }
        }
        foreach ($type in [Initializers.Tensor], [Initializers.InitializerInfo], [Initializers.Initializer]) {
            foreach ($prop in $type.GetProperties()) { $prop.PropertyType.FullName | Should -Not -Match $thirdParty }
        }
    }

    It 'lays out the module folder' {
        foreach ($rel in 'Initializers.psd1', 'Initializers.PowerShell.dll', 'Initializers.Format.ps1xml',
            'en-US/Initializers.PowerShell.dll-Help.xml', 'en-US/about_Initializers.help.txt',
            'lib/net8.0/Initializers.dll', 'lib/netstandard2.0/Initializers.dll',
            'Dependencies/net8.0/YamlDotNet.dll', 'Dependencies/net8.0/MathNet.Numerics.dll',
            'Dependencies/netstandard2.0/YamlDotNet.dll', 'Dependencies/netstandard2.0/MathNet.Numerics.dll') {
            Join-Path $ModulePath $rel | Should -Exist
        }
        Join-Path $ModulePath 'YamlDotNet.dll' | Should -Not -Exist
        Join-Path $ModulePath 'Initializers.dll' | Should -Not -Exist
    }
}

Describe 'Import' {
    It 'loads the library once, from its lib folder for this PowerShell, when the first cmdlet runs' {
        # One run, no retry. What is NOT asserted: that Import-Module itself loads none of the library's assemblies.
        # Often it loads none, but on 2026-11-30 one of them was already loaded right after Import-Module here in 2 of
        # the 2 last full Test runs (Initializers, right after a build) and in 1 of about 100 fresh processes started
        # by hand (YamlDotNet); the cause was not found. The state after import is printed, for whoever looks next.
        $script = @"
Import-Module '$ModulePath'
'LOADED=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Initializers', 'MathNet.Numerics', 'YamlDotNet' }) | ForEach-Object { `$_.GetName().Name + '@' + `$_.Location }) -join '+')
`$null = New-ZerosTensor -Shape 2
'AFTER=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Initializers' }) | ForEach-Object { `$_.Location }) -join '+')
"@
        $text = (Invoke-FreshPwsh $script).Output -join "`n"
        $loaded = ($text -split "`n" | Where-Object { $_ -like 'LOADED=*' }) -replace '^LOADED=', ''
        if ($loaded) { Write-Host "Already loaded right after Import-Module: $loaded" }
        $after = ($text -split "`n" | Where-Object { $_ -like 'AFTER=*' }) -replace '^AFTER=', ''
        $expected = Join-Path $ModulePath "lib/$(if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' })/Initializers.dll"
        $after | Should -Be $expected
    }

    It 'imports again after Remove-Module' {
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$null = 'Zeros' | ConvertTo-InitializerConfig -Format Yaml
Remove-Module Initializers
Import-Module '$ModulePath'
'OK=' + ('Ones' | ConvertTo-InitializerConfig -Format Yaml | ConvertFrom-InitializerConfig).ClassName
"@
        $result.Output -join "`n" | Should -Match 'OK=Ones'
    }
}

Describe 'YamlDotNet version conflict' {
    BeforeAll {
        $script:OtherYaml = Join-Path $NuGet 'yamldotnet/13.7.1/lib/net7.0/YamlDotNet.dll'
    }

    It 'works when another YamlDotNet is loaded <Order> the module' -ForEach @(
        @{ Order = 'before'; Before = $true }
        @{ Order = 'after'; Before = $false }
    ) {
        $addType = "Add-Type -Path '$OtherYaml'"
        $import = "Import-Module '$ModulePath'"
        $first, $second = if ($Before) { $addType, $import } else { $import, $addType }
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
$first
$second
`$yaml = 'Zeros', 'Ones' | ConvertTo-InitializerConfig -Format Yaml -Style Keras2
`$back = `$yaml | ConvertFrom-InitializerConfig
'CLASSES=' + ((`$back | ForEach-Object ClassName) -join ',')
'THEIRS=' + ([YamlDotNet.Serialization.SerializerBuilder].Assembly.GetName().Version)
'OURS=' + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' -and `$_.Location -like '$ModulePath*' }).Count)
"@
        $result.Output -join "`n" | Should -Match 'CLASSES=Zeros,Ones'
        $result.Output -join "`n" | Should -Match 'THEIRS=13\.0\.0\.0'
        $result.Output -join "`n" | Should -Match 'OURS=1'
        $result.ExitCode | Should -Be 0
    }
}
