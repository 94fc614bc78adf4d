BeforeDiscovery {
    Import-Module $env:INITIALIZERS_MODULE -Force
    $script:Classes = Get-Initializer | Where-Object { $_.ConfigKeys.Count } | ForEach-Object { @{ Class = $_.ClassName; Alias = $_.Aliases[0]; Keys = @($_.ConfigKeys.Name) } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Tab completion' {
    It 'completes initializer class names and aliases, case-insensitively' {
        $m = Complete 'New-Initializer glo'
        $m | Should -Contain 'GlorotUniform'
        $m | Should -Contain 'glorot_uniform'
        $m | Should -Not -Contain 'Zeros'
        Complete 'New-Initializer ZER' | Should -Contain 'Zeros'
    }

    It 'completes names with a wildcard' {
        Complete 'Get-Initializer *uniform' | Should -Contain 'RandomUniform'
    }

    It 'lists class names before aliases' {
        (Complete 'New-Initializer ')[0] | Should -Be 'Zeros'
        $m = @(Complete 'New-Initializer glo')
        $m[0..1] | Should -Be @('GlorotUniform', 'GlorotNormal')
    }

    It 'offers only the class names before anything is typed (not 89 names)' {
        Complete 'New-Initializer ' | Should -Be @((Get-Initializer).ClassName)
        Complete 'Get-Initializer -Name ' | Should -Be @((Get-Initializer).ClassName)
    }

    It 'leaves out an alias that only differs from its class name in case' {
        Complete 'New-Initializer zer' | Should -Be @('Zeros', 'ZerosV2', 'zerosV2', 'zero', 'zeros_initializer')
    }

    It 'keeps the quote the user opened' {
        Complete "New-Initializer 'glorot_u" | Should -Be @("'glorot_uniform'", "'glorot_uniformV2'", "'glorot_uniform_initializer'")
    }

    It 'completes dtypes for <_>' -ForEach 'New-ZerosTensor 2 -DType in', 'New-Tensor Zeros 2 -DType in' {
        Complete $_ | Should -Be @('int8', 'int16', 'int32', 'int64')
    }

    It 'works through CommandCompletion.CompleteInput too' {
        $line = 'ConvertFrom-InitializerConfig -ClassName const'
        $r = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
        $r.CompletionMatches.CompletionText | Should -Contain 'Constant'
    }
}

Describe 'Config completion' {
    It 'fills in the keys of <Class> with their defaults, and that builds the default <Class>' -ForEach $Classes {
        $m = @(Complete "New-Initializer $Class -Config ")
        $m.Count | Should -Be 1
        $config = Invoke-Expression $m[0]
        @([regex]::Matches($m[0], '(\w+) = ') | ForEach-Object { $_.Groups[1].Value }) | Should -Be $Keys -Because 'the keys come in Keras order'
        @($config.Keys | Sort-Object) | Should -Be @($Keys | Sort-Object)
        $default = New-Initializer $Class | ConvertTo-InitializerConfig
        New-Initializer $Class -Config $config | ConvertTo-InitializerConfig | Should -Be $default
        # By position, through an alias of -Name, and after '@'.
        Complete "New-Initializer $Alias " | Should -Be $m
        Complete "New-Initializer -ClassName $Class -Config @" | Should -Be $m
    }

    It 'is listed in the help of New-Initializer for <Class>' -ForEach $Classes {
        $completion = @(Complete "New-Initializer $Class -Config ")[0]
        $help = (Get-Help New-Initializer -Parameter Config).description.Text -join "`n"
        $help | Should -Match ([regex]::Escape("- ${Class}: " + $completion.Substring(3, $completion.Length - 5)) + '(\r?\n|$)')
    }

    It 'offers nothing for a class without config keys, or before the class is known' {
        Complete 'New-Initializer Zeros -Config ' | Should -BeNullOrEmpty
        Complete 'New-Initializer -Config ' | Should -BeNullOrEmpty
    }
}
